package dev.portcullis.dna.core.pkix;

import dev.portcullis.api.Direction;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 5280 §6 path validation with the JDK's PKIX {@link CertPathValidator}, plus the XMPP rules the JDK leaves
 * to the caller: extended key usage (RFC 6120 §13.7.1.3: an initiating server may present a serverAuth-only
 * certificate as its client certificate) and revocation (RFC 6960 stapled responses always, fetching only
 * when configured).
 */
public final class ChainValidator {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final boolean fetchRevocation;
    private final boolean softFail;

    public ChainValidator(boolean fetchRevocation, boolean softFail) {
        this.fetchRevocation = fetchRevocation;
        this.softFail = softFail;
    }

    /**
     * Validates {@code chain} (end entity first, any order after it) up to one of {@code anchors} at {@code at}.
     *
     * @param ocspStaple a stapled OCSP response for the end entity (RFC 6066 §8), or {@code null}
     */
    public ChainVerdict validate(List<X509Certificate> chain, Set<TrustAnchor> anchors, Direction direction,
                                 byte[] ocspStaple, Instant at) {
        if (chain.isEmpty()) {
            return new ChainVerdict(false, "no certificate was presented", null);
        }
        X509Certificate ee = chain.get(0);
        String eku = ekuProblem(ee, direction);
        if (eku != null) {
            return new ChainVerdict(false, eku, null);
        }
        if (anchors.isEmpty()) {
            return new ChainVerdict(false, "no trusted CA is configured (pkix.system-trust is off and "
                    + "pkix.trust-files is empty)", null);
        }
        List<X509Certificate> path = order(chain, anchors);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath certPath = cf.generateCertPath(path);
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(Date.from(at));
            if (fetchRevocation || ocspStaple != null) {
                PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
                EnumSet<PKIXRevocationChecker.Option> options = EnumSet.noneOf(PKIXRevocationChecker.Option.class);
                if (ocspStaple != null) {
                    checker.setOcspResponses(Map.of(ee, ocspStaple));
                }
                if (!fetchRevocation) {
                    // only the staple is consulted: the end entity, no CRL fallback, no error when none is usable
                    options.add(PKIXRevocationChecker.Option.ONLY_END_ENTITY);
                    options.add(PKIXRevocationChecker.Option.NO_FALLBACK);
                    options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
                } else if (softFail) {
                    options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
                }
                checker.setOptions(options);
                params.setRevocationEnabled(true);
                params.addCertPathChecker(checker);
            } else {
                params.setRevocationEnabled(false);
            }
            var result = (java.security.cert.PKIXCertPathValidatorResult) validator.validate(certPath, params);
            Instant notAfter = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo)
                    .orElseThrow();
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            if (anchor != null && anchor.getNotAfter().toInstant().isBefore(notAfter)) {
                notAfter = anchor.getNotAfter().toInstant();
            }
            List<X509Certificate> built = new ArrayList<>(path);
            if (anchor != null && !built.contains(anchor)) {
                built.add(anchor);
            }
            return new ChainVerdict(true, "chains to " + (anchor == null ? "a trusted CA"
                    : anchor.getSubjectX500Principal().getName()), notAfter, built);
        } catch (CertPathValidatorException e) {
            return new ChainVerdict(false, describe(e), null);
        } catch (GeneralSecurityException | RuntimeException e) {
            return new ChainVerdict(false, "the certificate chain cannot be checked: " + e.getMessage(), null);
        }
    }

    /** End entity first, then each issuer found among the presented certificates, up to a trust anchor. */
    public static List<X509Certificate> order(List<X509Certificate> chain, Set<TrustAnchor> anchors) {
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> pool = new ArrayList<>(chain.subList(1, chain.size()));
        X509Certificate current = chain.get(0);
        path.add(current);
        while (anchorIssuing(current, anchors) == null) {
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && !c.equals(current)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            pool.remove(next);
            path.add(next);
            current = next;
        }
        return path;
    }

    /** The trust anchor's certificate whose subject issued {@code c} (by name), or {@code null}. */
    public static X509Certificate anchorIssuing(X509Certificate c, Set<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            X509Certificate t = a.getTrustedCert();
            if (t != null && t.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                return t;
            }
        }
        return null;
    }

    private static String ekuProblem(X509Certificate ee, Direction direction) {
        List<String> ekus;
        try {
            ekus = ee.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return "the certificate's extended key usage extension cannot be parsed";
        }
        if (ekus == null || ekus.contains(ANY_EKU) || ekus.contains(SERVER_AUTH)) {
            return null;
        }
        if (direction == Direction.INBOUND && ekus.contains(CLIENT_AUTH)) {
            return null;
        }
        return "the certificate's extended key usage " + ekus + " allows neither "
                + (direction == Direction.INBOUND ? "serverAuth nor clientAuth" : "serverAuth")
                + " (RFC 5280 §4.2.1.12, RFC 6120 §13.7.1.3)";
    }

    private static String describe(CertPathValidatorException e) {
        String why;
        if (e.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
            why = "the chain does not lead to a trusted CA";
        } else if (e.getReason() instanceof CertPathValidatorException.BasicReason b) {
            why = switch (b) {
                case EXPIRED -> "a certificate in the chain has expired";
                case NOT_YET_VALID -> "a certificate in the chain is not yet valid";
                case REVOKED -> "a certificate in the chain is revoked";
                case INVALID_SIGNATURE -> "a signature in the chain does not verify";
                case UNDETERMINED_REVOCATION_STATUS -> "the revocation status cannot be determined";
                case ALGORITHM_CONSTRAINED -> "the chain uses an algorithm the Java runtime refuses";
                default -> "the chain does not validate";
            };
        } else {
            why = "the chain does not validate";
        }
        return why + " (" + e.getMessage() + ")";
    }
}
