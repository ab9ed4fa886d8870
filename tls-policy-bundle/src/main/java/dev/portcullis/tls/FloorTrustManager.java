package dev.portcullis.tls;

import dev.portcullis.api.tls.PolicyViolation;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any peer chain that meets the profile's floors ({@link CertificateFloors}). Trust in the
 * peer's identity is decided after the handshake by the DNA verifier (RFC 7712), so DANE, POSH and
 * dialback can authenticate a peer that PKIX alone would reject. Being an {@code X509ExtendedTrustManager},
 * it also keeps SunJSSE from adding host-name checks of its own.
 */
final class FloorTrustManager extends X509ExtendedTrustManager {

    private final Profile profile;

    FloorTrustManager(Profile profile) {
        this.profile = profile;
    }

    private void check(X509Certificate[] chain, String role) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the " + role + " sent an empty certificate chain");
        }
        List<PolicyViolation> v = CertificateFloors.check(JdkCertificates.of(chain), profile);
        if (!v.isEmpty()) {
            throw new CertificateException("TLS policy " + profile.name() + " refuses the " + role + "'s certificate: "
                    + v.stream().map(PolicyViolation::toString).collect(Collectors.joining("; ")));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, "peer (TLS client)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, "peer (TLS server)");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, "peer (TLS client)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, "peer (TLS server)");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, "peer (TLS client)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, "peer (TLS server)");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // No CA list in CertificateRequest: any issuer is fine, identity is judged later (RFC 7712).
        return new X509Certificate[0];
    }
}
