package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import java.security.cert.X509Certificate;

/** Bundle-internal: how the verifier consults and updates the certificate memory (RFC 7590 §3.6). */
public interface CertificateRecorder {

    /**
     * Compares {@code certificate} with what is remembered for {@code domain}; posts and logs a change.
     *
     * @param proven whether a prooftype proved this certificate this time
     * @param commit whether to remember it (false when the verifier refuses it, so a refused certificate does not
     *               become "unchanged" on the next attempt)
     */
    CertificateChange observe(String domain, X509Certificate certificate, boolean proven, boolean commit);
}
