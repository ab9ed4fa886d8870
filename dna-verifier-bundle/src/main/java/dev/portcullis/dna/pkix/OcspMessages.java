package dev.portcullis.dna.pkix;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP messages built and read with Bouncy Castle: the request for one certificate (RFC 6960 §4.1, a SHA-1
 * CertID as RFC 5019 §2.1.1 asks of lightweight responders; no nonce, so responders may answer from their
 * caches) and the nextUpdate of a response, to know how long it may be cached. Whether a response is
 * authentic and current is decided by the JDK's path validator, not here.
 */
final class OcspMessages {
    private OcspMessages() {
    }

    static byte[] request(X509Certificate cert, X509Certificate issuer) throws IOException {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
            return new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OperatorCreationException | OCSPException | CertificateEncodingException e) {
            throw new IOException("cannot build an OCSP request: " + e.getMessage(), e);
        }
    }

    /** The nextUpdate of the response about {@code cert}, if the response is successful and carries one. */
    static Optional<Instant> nextUpdate(byte[] response, X509Certificate cert) {
        try {
            OCSPResp r = new OCSPResp(response);
            if (r.getStatus() != OCSPResp.SUCCESSFUL || !(r.getResponseObject() instanceof BasicOCSPResp basic)) {
                return Optional.empty();
            }
            Instant earliest = null;
            for (SingleResp s : basic.getResponses()) {
                if (s.getCertID().getSerialNumber().equals(cert.getSerialNumber()) && s.getNextUpdate() != null) {
                    Instant n = s.getNextUpdate().toInstant();
                    earliest = earliest == null || n.isBefore(earliest) ? n : earliest;
                }
            }
            return Optional.ofNullable(earliest);
        } catch (IOException | OCSPException | RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
