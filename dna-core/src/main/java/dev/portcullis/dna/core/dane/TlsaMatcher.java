package dev.portcullis.dna.core.dane;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.dna.core.names.NameMatcher;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.dna.core.pkix.ChainVerdict;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates a chain with a TLSA RRset (RFC 6698 §2.1.1, RFC 7671, RFC 7673 §4.2):
 * <ul>
 * <li>DANE-EE(3): the end entity matches; names and expiry are ignored (RFC 7673 §4.2, RFC 7671 §5.1);</li>
 * <li>DANE-TA(2): a presented CA matches, the chain validates up to it, and the end entity names the service
 * domain or the secure SRV target (RFC 7671 §5.2, RFC 7673 §4.1);</li>
 * <li>PKIX-EE(1): the record matches the end entity and the chain also passes PKIX with the configured trust and
 * names (RFC 6698 §2.1.1);</li>
 * <li>PKIX-TA(0): the chain passes PKIX and the record matches a CA of the certification path the validator
 * built, its trust anchor included (RFC 6698 §2.1.1).</li>
 * </ul>
 * The dna-verifier's DANE prooftype and the checker both judge TLSA records here, so {@code ./portcullis check}
 * accepts exactly the chains the host accepts.
 */
public final class TlsaMatcher {
    private final Set<TrustAnchor> pkixAnchors;
    private final ChainValidator validator;

    /**
     * @param pkixAnchors the trusted CAs for the PKIX usages 0 and 1 (DANE-TA and DANE-EE ignore them)
     * @param validator   RFC 5280 §6 path validation, for DANE-TA up to the matching CA and for the PKIX usages
     */
    public TlsaMatcher(Set<TrustAnchor> pkixAnchors, ChainValidator validator) {
        this.pkixAnchors = Set.copyOf(pkixAnchors);
        this.validator = validator;
    }

    /**
     * @param domain      the service domain (the peer)
     * @param srvTargets  secure SRV target host names, further acceptable names for DANE-TA/PKIX usages
     */
    public TlsaVerdict evaluate(List<TlsaRecord> records, List<X509Certificate> chain, String domain,
                         List<String> srvTargets, Direction direction, Instant at) {
        if (chain.isEmpty()) {
            return new TlsaVerdict(records.stream().anyMatch(TlsaSelection::usable), false, null,
                    domain + " presented no certificate", "RFC 7673 §4");
        }
        List<String> failures = new ArrayList<>();
        boolean anyUsable = false;
        for (TlsaRecord r : records) {
            if (!TlsaSelection.usable(r)) {
                failures.add(r + ": unusable (RFC 6698 §4.1)");
                continue;
            }
            anyUsable = true;
            String name = TlsaSelection.describe(r);
            switch (r.usage()) {
                case TlsaRecord.DANE_EE -> {
                    if (TlsaSelection.matches(r, chain.get(0))) {
                        return new TlsaVerdict(true, true, r, name + " matches the certificate of " + domain
                                + " (names and expiry are not checked for DANE-EE)", "RFC 7673 §4.2, RFC 7671 §5.1");
                    }
                    failures.add(name + " does not match the end-entity certificate");
                }
                case TlsaRecord.DANE_TA -> {
                    String why = daneTa(r, chain, domain, srvTargets, direction, at);
                    if (why == null) {
                        return new TlsaVerdict(true, true, r, name + " matches a CA in the chain of " + domain
                                + ", the chain validates up to it and names the domain", "RFC 7671 §5.2, RFC 7673 §4.1");
                    }
                    failures.add(name + ": " + why);
                }
                default -> {
                    String why = pkixUsage(r, chain, domain, srvTargets, direction, at);
                    if (why == null) {
                        return new TlsaVerdict(true, true, r, name + " matches and the chain of " + domain
                                + " passes PKIX", "RFC 6698 §2.1.1");
                    }
                    failures.add(name + ": " + why);
                }
            }
        }
        if (!anyUsable) {
            return new TlsaVerdict(false, false, null, "no usable TLSA record (" + String.join("; ", failures) + ")",
                    "RFC 6698 §4.1, RFC 7673 §4.1");
        }
        return new TlsaVerdict(true, false, null, "secure TLSA records match nothing: " + String.join("; ", failures),
                "RFC 7673 §4.2, RFC 6698 §2.1");
    }

    private String daneTa(TlsaRecord r, List<X509Certificate> chain, String domain, List<String> targets,
                          Direction direction, Instant at) {
        String failure = "no CA certificate in the presented chain matches";
        for (int i = 1; i < chain.size(); i++) {
            if (TlsaSelection.matches(r, chain.get(i))) {
                // RFC 7671 §5.2: the matching certificate must itself issue the path to the end entity, so it is
                // the only trust anchor; the other presented certificates may be intermediates, in any order
                List<X509Certificate> rest = new ArrayList<>(chain);
                rest.remove(i);
                ChainVerdict v = validator.validate(rest, Set.of(new TrustAnchor(chain.get(i), null)),
                        direction, null, at);
                if (v.valid()) {
                    return names(chain, domain, targets);
                }
                failure = "the chain does not validate up to the matching CA: " + v.reason();
            }
        }
        return failure;
    }

    private String pkixUsage(TlsaRecord r, List<X509Certificate> chain, String domain, List<String> targets,
                             Direction direction, Instant at) {
        if (r.usage() == TlsaRecord.PKIX_EE && !TlsaSelection.matches(r, chain.get(0))) {
            return "does not match the end-entity certificate";
        }
        ChainVerdict v = validator.validate(chain, pkixAnchors, direction, null, at);
        if (!v.valid()) {
            return "the chain fails PKIX: " + v.reason();
        }
        // RFC 6698 §2.1.1, RFC 7673 §4.2: PKIX-TA names a CA of the certification path that PKIX validation built,
        // anchor included; a trusted CA elsewhere in the store, or a certificate the peer merely appended, is no
        // match, or any publicly trusted CA would satisfy the pin
        if (r.usage() == TlsaRecord.PKIX_TA
                && v.path().stream().skip(1).noneMatch(c -> TlsaSelection.matches(r, c))) {
            return "matches no CA of the validated certification path (" + v.reason() + ")";
        }
        return names(chain, domain, targets);
    }

    private static String names(List<X509Certificate> chain, String domain, List<String> targets) {
        PresentedIdentifiers presented = PresentedIdentifiers.of(chain.get(0));
        Optional<String> m = NameMatcher.match(presented, domain, targets);
        return m.isPresent() ? null : "the certificate names " + presented.describe() + ", not " + domain
                + (targets.isEmpty() ? "" : " nor " + String.join(", ", targets)) + " (RFC 7673 §4.1, RFC 6125 §6)";
    }
}
