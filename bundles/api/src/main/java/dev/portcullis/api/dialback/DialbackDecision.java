package dev.portcullis.api.dialback;

import java.util.Objects;

/**
 * Whether dialback may be used for one domain pair, and why.
 *
 * @param permitted   true if dialback may proceed
 * @param reason      the rule applied, naming the peer, e.g. "mode=fallback and the certificate of
 *                    beta.test was proven by pkix: SASL EXTERNAL is used instead"
 * @param specSection the clause behind it, e.g. {@code XEP-0344 §2}
 */
public record DialbackDecision(boolean permitted, String reason, String specSection) {
    public DialbackDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(specSection, "specSection");
    }
}
