package dev.portcullis.server;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Describes a certificate for an administrator: the facts RFC 7590 §3.6 wants visible. */
final class CertificateReport {
    private static final byte[] XMPP_ADDR_OID = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x05};
    private static final byte[] DNS_SRV_OID = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x07};

    private CertificateReport() {
    }

    static String describe(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return "  (no certificate)\n";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            b.append("  [").append(i).append("] ").append(i == 0 ? "end entity" : "issuer certificate").append('\n');
            b.append("      subject:     ").append(shown(c.getSubjectX500Principal().getName())).append('\n');
            List<String> sans = subjectAltNames(c);
            if (!sans.isEmpty()) {
                b.append("      names:       ").append(shown(String.join(", ", sans))).append('\n');
            }
            b.append("      issuer:      ").append(shown(c.getIssuerX500Principal().getName())).append('\n');
            b.append("      valid:       ").append(c.getNotBefore().toInstant()).append(" to ")
                    .append(c.getNotAfter().toInstant()).append('\n');
            b.append("      key:         ").append(key(c.getPublicKey())).append(", signed with ")
                    .append(c.getSigAlgName()).append('\n');
            b.append("      SHA-256:     ").append(Fingerprints.certificate(c)).append('\n');
            b.append("      SPKI SHA-256:").append(' ').append(Fingerprints.spki(c)).append('\n');
        }
        return b.toString();
    }

    static String key(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return "RSA " + r.getModulus().bitLength() + " bits";
        }
        if (k instanceof ECPublicKey e) {
            return "EC " + e.getParams().getCurve().getField().getFieldSize() + " bits";
        }
        return k.getAlgorithm();
    }

    /** DNS-IDs, SRV-IDs and XmppAddrs (RFC 6120 §13.7.1.2), IP addresses. */
    static List<String> subjectAltNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = c.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            out.add("(unparseable subjectAltName)");
            return out;
        }
        if (names == null) {
            return out;
        }
        for (List<?> n : names) {
            int type = (Integer) n.get(0);
            Object v = n.get(1);
            switch (type) {
                case 2 -> out.add("DNS:" + v);
                case 7 -> out.add("IP:" + v);
                case 6 -> out.add("URI:" + v);
                case 0 -> out.add(otherName(v instanceof byte[] der ? der : new byte[0]));
                default -> out.add("type" + type + ":" + v);
            }
        }
        return out;
    }

    /** Decodes the XmppAddr (id-on-xmppAddr) and SRV-ID (id-on-dnsSRV) otherNames. */
    private static String otherName(byte[] der) {
        String label = indexOf(der, XMPP_ADDR_OID) >= 0 ? "XmppAddr:" : indexOf(der, DNS_SRV_OID) >= 0 ? "SRV:" : "otherName:";
        // the value is the last string in the structure: UTF8String (0x0C) or IA5String (0x16), short length
        for (int i = der.length - 2; i >= 0; i--) {
            if ((der[i] == 0x0C || der[i] == 0x16) && (der[i + 1] & 0xFF) == der.length - i - 2) {
                return label + new String(der, i + 2, der.length - i - 2, StandardCharsets.UTF_8);
            }
        }
        return label + "(undecoded)";
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The peer's certificate chose these names: control characters escaped, length bounded (CWE-117). */
    private static String shown(String value) {
        return new dev.portcullis.api.PeerText(value, dev.portcullis.api.PeerText.MESSAGE_LIMIT).toString();
    }
}
