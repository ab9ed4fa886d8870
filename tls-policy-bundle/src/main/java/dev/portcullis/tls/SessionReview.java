package dev.portcullis.tls;

import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Judges one negotiated session against the profile in force for its peer (RFC 9325 §3, §4; RFC 8996):
 * protocol, cipher suite, group where observable, the peer's key and the signatures on its chain.
 * Evidence first, then every broken rule with its clause; the host decides what to do with the verdict.
 */
final class SessionReview {

    private SessionReview() {
    }

    static PolicyVerdict review(SSLSession session, Profile profile) {
        List<PolicyViolation> v = new ArrayList<>();
        String protocol = session.getProtocol();
        String suite = session.getCipherSuite();

        ForbiddenAlgorithms.protocol(protocol).ifPresent(why -> v.add(
                new PolicyViolation("protocol-version", "negotiated " + protocol + ": " + why, section(why))));
        if (v.isEmpty() && !profile.protocols().contains(protocol)) {
            v.add(new PolicyViolation("protocol-version", "negotiated " + protocol + ", which profile "
                    + profile.name() + " does not enable (it enables " + String.join(", ", profile.protocols()) + ")",
                    "RFC 9325 §3.1.1"));
        }
        ForbiddenAlgorithms.cipherSuite(suite).ifPresent(why -> v.add(
                new PolicyViolation("cipher-suite", "negotiated " + suite + ": " + why, section(why))));
        if (!profile.cipherSuites().contains(suite) && ForbiddenAlgorithms.cipherSuite(suite).isEmpty()) {
            v.add(new PolicyViolation("cipher-suite", "negotiated " + suite + ", which profile " + profile.name()
                    + " does not enable", profile.name().equals("rfc7525") ? "RFC 7525 §4.2" : "RFC 9325 §4.2"));
        }

        Object g = session.getValue(RenegotiationGuard.GROUP_KEY);
        String group = g instanceof String s ? s : null;
        if (group != null && !profile.namedGroups().contains(group)) {
            v.add(new PolicyViolation("named-group", "key exchange used " + group + ", which profile "
                    + profile.name() + " does not enable", "RFC 9325 §4.2.1, §4.5"));
        }

        X509Certificate[] chain = peerChain(session);
        String keyAlg = null;
        int keyBits = 0;
        List<String> sigAlgs = List.of();
        if (chain.length > 0) {
            PublicKey key = chain[0].getPublicKey();
            keyAlg = key.getAlgorithm();
            keyBits = CertificateFloors.keyBits(key);
            sigAlgs = Arrays.stream(chain).map(X509Certificate::getSigAlgName).toList();
            v.addAll(CertificateFloors.check(chain, profile));
        }
        return new PolicyVerdict(profile.name(), protocol, suite, group, keyAlg, keyBits, sigAlgs, v);
    }

    private static X509Certificate[] peerChain(SSLSession session) {
        try {
            Certificate[] certs = session.getPeerCertificates();
            return JdkCertificates.of(Arrays.stream(certs).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new));
        } catch (java.security.cert.CertificateException unreadable) {
            throw new IllegalStateException("the JDK cannot read a certificate the TLS provider accepted", unreadable);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return new X509Certificate[0];   // an inbound peer may authenticate by dialback instead
        }
    }

    /** The clause cited inside a reason text "(...)", for the violation's spec field. */
    private static String section(String why) {
        int open = why.lastIndexOf('(');
        int close = why.lastIndexOf(')');
        return open >= 0 && close > open ? why.substring(open + 1, close) : "RFC 9325 §4.1";
    }
}
