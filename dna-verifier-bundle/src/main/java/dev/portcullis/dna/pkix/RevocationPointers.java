package dev.portcullis.dna.pkix;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Where a certificate says its revocation status is published, parsed by Bouncy Castle: the OCSP responders
 * of its Authority Information Access extension (RFC 5280 §4.2.2.1, id-ad-ocsp) and the full names of its CRL
 * distribution points (RFC 5280 §4.2.1.13). Only http URIs that parse as URIs are kept (RFC 6960 Appendix A,
 * RFC 5280 §4.2.1.13), so what is fetched or logged is never raw peer text.
 */
record RevocationPointers(List<URI> ocsp, List<URI> crl) {
    static final int MAX_POINTERS = 4;

    RevocationPointers {
        ocsp = List.copyOf(ocsp);
        crl = List.copyOf(crl);
    }

    static RevocationPointers of(X509Certificate cert) {
        List<URI> ocsp = new ArrayList<>();
        List<URI> crl = new ArrayList<>();
        try {
            byte[] aia = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
            if (aia != null) {
                for (AccessDescription d : AuthorityInformationAccess.getInstance(
                        JcaX509ExtensionUtils.parseExtensionValue(aia)).getAccessDescriptions()) {
                    if (AccessDescription.id_ad_ocsp.equals(d.getAccessMethod())) {
                        add(ocsp, d.getAccessLocation());
                    }
                }
            }
            byte[] dp = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
            if (dp != null) {
                for (DistributionPoint p : CRLDistPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(dp))
                        .getDistributionPoints()) {
                    DistributionPointName n = p.getDistributionPoint();
                    if (n != null && n.getType() == DistributionPointName.FULL_NAME) {
                        for (GeneralName g : GeneralNames.getInstance(n.getName()).getNames()) {
                            add(crl, g);
                        }
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException malformed) {
            // a malformed extension points nowhere; the status is then unknown, which the policy decides on
        }
        return new RevocationPointers(ocsp, crl);
    }

    private static void add(List<URI> out, GeneralName name) {
        if (out.size() >= MAX_POINTERS || name.getTagNo() != GeneralName.uniformResourceIdentifier) {
            return;
        }
        try {
            URI uri = new URI(ASN1IA5String.getInstance(name.getName()).getString());
            if (uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("http")
                    && uri.getHost() != null && uri.toString().length() <= 512) {
                out.add(uri);
            }
        } catch (java.net.URISyntaxException | RuntimeException notAUri) {
            // skipped: not something we can ask
        }
    }

    boolean isEmpty() {
        return ocsp.isEmpty() && crl.isEmpty();
    }
}
