package dev.portcullis.dialback;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate names a domain, for the XEP-0344 §2.6 same-certificate shortcut ("the Receiving
 * Server MUST still check that the hostname in the certificate matches"). Reference identifiers per
 * RFC 6120 §13.7.1.2: DNS-ID (with a left-most wildcard, RFC 6125 §6.4.3), SRV-ID {@code _xmpp-server.domain}
 * (RFC 4985) and XmppAddr. The full PKIX check is the dna-verifier's; this only answers "does it name it".
 */
final class CertificateNames {

    private static final String XMPP_ADDR = "1.3.6.1.5.5.7.8.5";
    private static final String SRV_NAME = "1.3.6.1.5.5.7.8.7";

    private CertificateNames() {
    }

    static boolean names(X509Certificate certificate, String domain) {
        String wanted = DomainList.normalize(domain);
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (alternatives == null) {
            return false;
        }
        for (List<?> entry : alternatives) {
            int type = (Integer) entry.get(0);
            Object value = entry.get(1);
            if (type == 2 && value instanceof String dns && dnsMatches(dns, wanted)) {
                return true;
            }
            if (type == 0 && value instanceof byte[] der) {
                String[] otherName = otherName(der);
                if (otherName != null && XMPP_ADDR.equals(otherName[0])
                        && DomainList.normalize(otherName[1]).equals(wanted)) {
                    return true;
                }
                if (otherName != null && SRV_NAME.equals(otherName[0])
                        && DomainList.normalize(otherName[1]).equals("_xmpp-server." + wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean dnsMatches(String presented, String wanted) {
        String name = DomainList.normalize(presented);
        if (name.startsWith("*.")) {
            int dot = wanted.indexOf('.');
            return dot > 0 && wanted.substring(dot + 1).equals(name.substring(2));
        }
        return name.equals(wanted);
    }

    /** {OID, string value} of a DER-encoded OtherName (RFC 5280 §4.2.1.6), or {@code null} if not of that shape. */
    static String[] otherName(byte[] der) {
        List<Object[]> found = new ArrayList<>();
        try {
            walk(der, 0, der.length, found, 0);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
        String oid = null;
        for (Object[] item : found) {
            if (oid == null && item[0].equals(0x06)) {
                oid = decodeOid((byte[]) item[1]);
            } else if (oid != null && (item[0].equals(0x0c) || item[0].equals(0x16))) {
                return new String[] {oid, new String((byte[]) item[1],
                        item[0].equals(0x0c) ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII)};
            }
        }
        return null;
    }

    private static void walk(byte[] der, int from, int to, List<Object[]> found, int depth) {
        int i = from;
        while (i < to && depth < 8) {
            int tag = der[i++] & 0xff;
            int length = der[i++] & 0xff;
            if (length > 0x7f) {
                int octets = length & 0x7f;
                if (octets > 3) {
                    throw new IndexOutOfBoundsException("length too long");
                }
                length = 0;
                for (int k = 0; k < octets; k++) {
                    length = (length << 8) | (der[i++] & 0xff);
                }
            }
            if (i + length > to) {
                throw new IndexOutOfBoundsException("truncated");
            }
            if ((tag & 0x20) != 0) {
                walk(der, i, i + length, found, depth + 1);
            } else {
                byte[] content = new byte[length];
                System.arraycopy(der, i, content, 0, length);
                found.add(new Object[] {tag, content});
            }
            i += length;
        }
    }

    private static String decodeOid(byte[] content) {
        StringBuilder oid = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : content) {
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    oid.append(Math.min(value / 40, 2)).append('.').append(value - 40 * Math.min(value / 40, 2));
                    first = false;
                } else {
                    oid.append('.').append(value);
                }
                value = 0;
            }
        }
        return oid.toString().toLowerCase(Locale.ROOT);
    }
}
