package dev.portcullis.dialback;

import java.time.Duration;
import java.util.Objects;

/**
 * The validated {@code dev.portcullis.dialback} configuration. Built by {@link SettingsParser}; the values
 * here are already known to be sane.
 *
 * @param mode                when dialback may authenticate (see {@link Mode})
 * @param secret              the configured secret, or {@code null} to use the generated one
 * @param previousSecret      a secret still accepted after a rotation, or {@code null}
 * @param previousGrace       how long a replaced secret stays accepted (XEP-0220 §2.2.2 answers)
 * @param verifyTimeout       how long the receiving role waits for the authoritative server (XEP-0220 §2.1.1 note)
 * @param resultLimit         db:result elements accepted per stream per {@code resultWindow}
 * @param resultWindow        the window of the rate limit
 * @param requireProofDomains peers that must prove their certificate: never dialback
 * @param dialbackDomains     peers for which dialback is always permitted, whatever the mode
 * @param hostedDomains       our domains; when not empty, requests for other domains get item-not-found
 */
record DialbackSettings(Mode mode, String secret, String previousSecret, Duration previousGrace,
                        Duration verifyTimeout, int resultLimit, Duration resultWindow,
                        DomainList requireProofDomains, DomainList dialbackDomains, DomainList hostedDomains) {

    static final DialbackSettings DEFAULTS = new DialbackSettings(Mode.FALLBACK, null, null, Duration.ofHours(1),
            Duration.ofSeconds(20), 30, Duration.ofMinutes(1), DomainList.EMPTY, DomainList.EMPTY, DomainList.EMPTY);

    /** In force while the file was rejected at start-up: nothing valid, so nothing wider than "never". */
    static final DialbackSettings REFUSED_AT_START = new DialbackSettings(Mode.NEVER, null, null, Duration.ofHours(1),
            Duration.ofSeconds(20), 30, Duration.ofMinutes(1), DomainList.EMPTY, DomainList.EMPTY, DomainList.EMPTY);

    DialbackSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(previousGrace, "previousGrace");
        Objects.requireNonNull(verifyTimeout, "verifyTimeout");
        Objects.requireNonNull(resultWindow, "resultWindow");
        Objects.requireNonNull(requireProofDomains, "requireProofDomains");
        Objects.requireNonNull(dialbackDomains, "dialbackDomains");
        Objects.requireNonNull(hostedDomains, "hostedDomains");
        if (previousGrace.isNegative() || verifyTimeout.isZero() || verifyTimeout.isNegative() || resultWindow.isZero() || resultWindow.isNegative() || resultLimit < 1) {
            throw new IllegalArgumentException("durations and the rate limit must be positive");
        }
    }

    @Override
    public String toString() {
        // Never print secrets: logs travel.
        return "mode=" + mode.configValue() + ", secret=" + (secret == null ? "generated" : "configured")
                + ", secret.previous=" + (previousSecret == null ? "none" : "configured")
                + ", secret.previous.grace=" + previousGrace + ", verify.timeout=" + verifyTimeout
                + ", result.limit=" + resultLimit + "/" + resultWindow
                + ", require-proof-domains=[" + requireProofDomains + "], dialback-domains=[" + dialbackDomains
                + "], hosted-domains=[" + hostedDomains + "]";
    }
}
