package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import java.security.cert.X509Certificate;

/** Bundle-internal: how the verifier consults and updates the certificate memory (RFC 7590 §3.6). */
public interface CertificateRecorder {

    /**
     * Compares {@code certificate} with what is remembered for {@code domain}. Only a certificate that a prooftype
     * proved for {@code domain} is remembered (and a change of key posted); an unproven one is compared and
     * reported, never stored, so a peer cannot plant its certificate under a domain it merely claims (a stream
     * header's or a {@code db:result}'s {@code from}) and so squat that domain's pin.
     *
     * @param proven whether a prooftype proved this certificate for {@code domain} this time
     */
    CertificateChange observe(String domain, X509Certificate certificate, boolean proven);
}
