package dev.portcullis.dna.pkix;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The identifiers a certificate presents (RFC 6125 §6.4, RFC 6120 §13.7.1.2): DNS-IDs, SRV-IDs
 * ({@code id-on-dnsSRV}, RFC 4985), XmppAddrs ({@code id-on-xmppAddr}, RFC 6120 §13.7.1.4), and the subject
 * CNs, read with Bouncy Castle's ASN.1 parser because the JDK hands otherNames back as raw DER.
 *
 * @param hasSubjectAltName whether the certificate carries a subjectAltName extension at all
 */
public record PresentedIdentifiers(List<String> dnsIds, List<String> srvIds, List<String> xmppAddrs,
                                   List<String> commonNames, boolean hasSubjectAltName) {
    static final ASN1ObjectIdentifier ID_ON_XMPPADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    static final ASN1ObjectIdentifier ID_ON_DNSSRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

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
                        otherName(ASN1Sequence.getInstance(n.getName()), srv, xmpp);
                    }
                }
            } catch (RuntimeException e) {
                // a malformed subjectAltName presents no usable identifier; matching then fails with a clear reason
            }
        }
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            if (rdn.getFirst() != null && rdn.getFirst().getValue() instanceof ASN1String s) {
                cns.add(s.getString());
            }
        }
        return new PresentedIdentifiers(dns, srv, xmpp, cns, ext != null);
    }

    private static void otherName(ASN1Sequence seq, List<String> srv, List<String> xmpp) {
        ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0));
        ASN1Encodable value = ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getExplicitBaseObject();
        if (!(value instanceof ASN1String s)) {
            return;
        }
        if (type.equals(ID_ON_DNSSRV)) {
            srv.add(s.getString());
        } else if (type.equals(ID_ON_XMPPADDR)) {
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
