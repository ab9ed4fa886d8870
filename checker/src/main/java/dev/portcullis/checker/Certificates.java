package dev.portcullis.checker;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * Reads the facts of a certificate (RFC 5280 §4.1, §4.2.1.6) for the report, otherNames through Bouncy Castle's
 * ASN.1. Only a description: whether the certificate names the domain is {@link IdentityCheck}'s.
 */
final class Certificates {
    private Certificates() {
    }

    static CertificateFacts facts(X509Certificate c) {
        String keyAlg = c.getPublicKey().getAlgorithm();
        int bits = 0;
        String detail = keyAlg;
        if (c.getPublicKey() instanceof RSAPublicKey rsa) {
            bits = rsa.getModulus().bitLength();
            detail = "RSA " + bits;
        } else if (c.getPublicKey() instanceof ECPublicKey ec) {
            bits = ec.getParams().getCurve().getField().getFieldSize();
            detail = "EC " + (bits == 256 ? "P-256" : bits == 384 ? "P-384" : bits == 521 ? "P-521" : bits + "-bit");
        }
        String subject = c.getSubjectX500Principal().getName();
        String issuer = c.getIssuerX500Principal().getName();
        return new CertificateFacts(subject, issuer, subjectAltNames(c), c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(), keyAlg, bits, detail, c.getSigAlgName(), subject.equals(issuer),
                Fingerprints.certificate(c));
    }

    /** "DNS:x", "SRV:_xmpp-server.x", "XmppAddr:x", "IP:a", "URI:u", "otherName:oid". */
    static List<String> subjectAltNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = c.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            out.add("unparseable subjectAltName: " + e.getMessage());
            return out;
        }
        if (sans == null) {
            return out;
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            Object value = san.get(1);
            switch (type) {
                case 2 -> out.add("DNS:" + value);
                case 6 -> out.add("URI:" + value);
                case 7 -> out.add("IP:" + value);
                case 0 -> out.add(otherName((byte[]) value));
                default -> out.add("type" + type + ":" + value);
            }
        }
        return out;
    }

    private static String otherName(byte[] der) {
        try {
            // the JDK hands over the whole GeneralName: [0] IMPLICIT OtherName (RFC 5280 §4.2.1.6)
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            OtherName on = p instanceof ASN1TaggedObject ? OtherName.getInstance(GeneralName.getInstance(p).getName())
                    : OtherName.getInstance(p);
            String value = string(on.getValue());
            if (PresentedIdentifiers.ID_ON_XMPPADDR.equals(on.getTypeID())) {
                return "XmppAddr:" + value;
            }
            if (PresentedIdentifiers.ID_ON_DNSSRV.equals(on.getTypeID())) {
                return "SRV:" + value;
            }
            return "otherName:" + on.getTypeID().getId();
        } catch (Exception e) {
            return "otherName: unparseable (" + e.getMessage() + ")";
        }
    }

    /** The string inside an otherName value, which may arrive still wrapped in its [0] EXPLICIT tag. */
    private static String string(ASN1Encodable value) {
        ASN1Encodable v = value;
        while (v instanceof ASN1TaggedObject t) {
            v = t.getBaseObject();
        }
        if (v instanceof ASN1String s) {
            return s.getString();
        }
        return String.valueOf(v);
    }

}
