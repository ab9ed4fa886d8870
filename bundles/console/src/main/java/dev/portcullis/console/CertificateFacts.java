package dev.portcullis.console;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * What an administrator needs to judge one certificate of a peer's chain (RFC 7590 §3.6): subject, the
 * identifiers of RFC 6120 §13.7.1.2 (DNS-ID, SRV-ID and XmppAddr otherNames), issuer, validity, key, and both
 * fingerprints (SHA-256 and SHA-1, as other servers' admins may quote either). All strings are raw: the
 * renderer escapes them, because every one of them is chosen by the peer.
 */
record CertificateFacts(String subject, List<String> subjectAltNames, String issuer, Instant notBefore,
                        Instant notAfter, String key, String signatureAlgorithm, String sha256, String sha1,
                        String serialNumber) {

    /** id-on-xmppAddr, RFC 6120 §13.7.1.4. */
    static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    /** id-on-dnsSRV, RFC 4985 §2 (SRV-ID, RFC 6120 §13.7.1.2). */
    static final ASN1ObjectIdentifier DNS_SRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    CertificateFacts {
        Objects.requireNonNull(sha256, "sha256");
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    static CertificateFacts of(X509Certificate c) {
        return new CertificateFacts(c.getSubjectX500Principal().getName(), subjectAltNames(c),
                c.getIssuerX500Principal().getName(), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(),
                key(c.getPublicKey()), c.getSigAlgName(), Fingerprints.certificate(c), sha1(c),
                c.getSerialNumber().toString(16));
    }

    static List<CertificateFacts> of(List<X509Certificate> chain) {
        return chain.stream().map(CertificateFacts::of).toList();
    }

    private static String sha1(X509Certificate c) {
        try {
            return Fingerprints.digest("SHA-1", c.getEncoded());
        } catch (CertificateEncodingException e) {
            return "(cannot compute SHA-1: " + e.getMessage() + ")";
        }
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

    /** Parsed with Bouncy Castle's ASN.1 so otherNames show their meaning, not DER bytes. */
    static List<String> subjectAltNames(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            GeneralNames names = GeneralNames.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (GeneralName n : names.getNames()) {
                out.add(describe(n));
            }
        } catch (java.io.IOException | RuntimeException e) {
            out.add("(unparseable subjectAltName: " + e.getMessage() + ")");
        }
        return out;
    }

    private static String describe(GeneralName n) {
        ASN1Encodable v = n.getName();
        return switch (n.getTagNo()) {
            case GeneralName.dNSName -> "DNS-ID: " + v;
            case GeneralName.uniformResourceIdentifier -> "URI: " + v;
            case GeneralName.rfc822Name -> "email: " + v;
            case GeneralName.iPAddress -> "IP: " + HexFormat.of().formatHex(ASN1OctetString.getInstance(v).getOctets());
            case GeneralName.otherName -> otherName(ASN1Sequence.getInstance(v));
            default -> "name type " + n.getTagNo() + ": " + v;
        };
    }

    private static String otherName(ASN1Sequence seq) {
        ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0));
        ASN1Encodable value = ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getExplicitBaseObject();
        String text = value instanceof ASN1String s ? s.getString() : String.valueOf(value);
        if (XMPP_ADDR.equals(type)) {
            return "XmppAddr: " + text;
        }
        if (DNS_SRV.equals(type)) {
            return "SRV-ID: " + text;
        }
        return "otherName " + type.getId() + ": " + text;
    }
}
