package dev.portcullis.stream;

import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/**
 * The OCSP response a peer stapled for its end-entity certificate (RFC 6066 §8 status_request; in TLS 1.3 in
 * the certificate's CertificateEntry, RFC 8446 §4.4.2.1), as the provider reports it on the finished session.
 * SunJSSE's client asks for it by default on Java 17 ({@code jdk.tls.client.enableStatusRequestExtension});
 * BCJSSE reports none here (README, "Revocation"), so the verifier then asks the responder itself.
 */
final class Staples {
    /** Larger than any real OCSP response; a peer cannot make us hold more. */
    static final int MAX_BYTES = 64 * 1024;

    private Staples() {
    }

    /** The end entity's stapled response, or {@code null} when there is none (or it is implausibly large). */
    static byte[] of(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession e)) {
            return null;
        }
        try {
            List<byte[]> responses = e.getStatusResponses();
            if (responses == null || responses.isEmpty()) {
                return null;
            }
            byte[] first = responses.get(0);
            return first == null || first.length == 0 || first.length > MAX_BYTES ? null : first.clone();
        } catch (UnsupportedOperationException notImplemented) {
            return null;
        }
    }
}
