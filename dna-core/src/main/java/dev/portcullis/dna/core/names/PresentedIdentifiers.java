package dev.portcullis.dna.core.names;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * The identifiers a certificate presents (RFC 6125 §6.4, RFC 6120 §13.7.1.2): DNS-IDs, SRV-IDs
 * ({@code id-on-dnsSRV}, an IA5String, RFC 4985 §2), XmppAddrs ({@code id-on-xmppAddr}, a UTF8String,
 * RFC 6120 §13.7.1.4), and the subject CNs. Read with Bouncy Castle's ASN.1 parser because the JDK hands
 * otherNames back as raw DER.
 *
 * @param hasSubjectAltName whether the certificate carries a subjectAltName extension at all (then its CNs are
 *                          never identifiers, RFC 6125 §6.4.4)
 */
public record PresentedIdentifiers(List<String> dnsIds, List<String> srvIds, List<String> xmppAddrs,
                                   List<String> commonNames, boolean hasSubjectAltName) {
    /** id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    public static final ASN1ObjectIdentifier ID_ON_XMPPADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    /** id-on-dnsSRV (RFC 4985 §2). */
    public static final ASN1ObjectIdentifier ID_ON_DNSSRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    public PresentedIdentifiers {
        dnsIds = List.copyOf(dnsIds);
        srvIds = List.copyOf(srvIds);
        xmppAddrs = List.copyOf(xmppAddrs);
        commonNames = List.copyOf(commonNames);
    }

    public static PresentedIdentifiers of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> srv = new ArrayList<>();
        List<String> xmpp = new ArrayList<>();
        List<String> cns = new ArrayList<>();
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext != null) {
            try {
                GeneralNames names = GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets());
                for (GeneralName n : names.getNames()) {
                    if (n.getTagNo() == GeneralName.dNSName) {
                        dns.add(((ASN1String) n.getName()).getString());
                    } else if (n.getTagNo() == GeneralName.otherName) {
                        otherName(OtherName.getInstance(n.getName()), srv, xmpp);
                    }
                }
            } catch (RuntimeException e) {
                // a malformed subjectAltName presents no usable identifier (and rules out the CN); matching then
                // fails with "no usable identity" for the administrator
                dns.clear();
                srv.clear();
                xmpp.clear();
            }
        }
        try {
            X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                if (rdn.getFirst() != null && rdn.getFirst().getValue() instanceof ASN1String s) {
                    cns.add(s.getString());
                }
            }
        } catch (RuntimeException e) {
            // an unreadable subject has no CN-ID
        }
        return new PresentedIdentifiers(dns, srv, xmpp, cns, ext != null);
    }

    private static void otherName(OtherName name, List<String> srv, List<String> xmpp) {
        ASN1Encodable value = name.getValue(); // the content of "value [0] EXPLICIT" (RFC 5280 §4.2.1.6)
        if (name.getTypeID().equals(ID_ON_DNSSRV) && value instanceof ASN1IA5String s) {
            srv.add(s.getString());
        } else if (name.getTypeID().equals(ID_ON_XMPPADDR) && value instanceof ASN1UTF8String s) {
            xmpp.add(s.getString());
        }
    }

    /** For an administrator: everything this certificate names. */
    public String describe() {
        List<String> all = new ArrayList<>();
        dnsIds.forEach(d -> all.add("DNS:" + d));
        srvIds.forEach(d -> all.add("SRV:" + d));
        xmppAddrs.forEach(d -> all.add("XmppAddr:" + d));
        if (!hasSubjectAltName) {
            commonNames.forEach(d -> all.add("CN:" + d));
        }
        return all.isEmpty() ? "no usable identity" : String.join(", ", all);
    }
}
