package dev.portcullis.console;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of problem the XMPP Federation page puts first, each from the {@code dev/portcullis/*} events the
 * console receives. A DNSSEC-bogus answer (RFC 4035 §5.5) arrives as a refusal whose reason says so, or as a
 * {@code LOCATED} event with {@code dnssec=BOGUS}; it is shown as its own kind because the fix is in DNS.
 */
enum ProblemKind {
    POLICY_VIOLATION("policy violation"),
    REFUSED("refused peer"),
    CERTIFICATE_CHANGED("certificate changed"),
    DNSSEC_BOGUS("DNSSEC bogus"),
    CERTIFICATE_EXPIRING("certificate expiring soon"),
    DIALBACK_INVALID("invalid dialback key");

    final String label;

    ProblemKind(String label) {
        this.label = label;
    }

    /** The problem an event reports, if it reports one. */
    static Optional<ProblemKind> of(SecurityEvent e) {
        String reason = e.properties().getOrDefault("reason", "").toLowerCase(Locale.ROOT);
        return switch (e.kind()) {
            case "POLICY_VIOLATION" -> Optional.of(POLICY_VIOLATION);
            case "REFUSED" -> Optional.of(reason.contains("bogus") ? DNSSEC_BOGUS : REFUSED);
            case "CERTIFICATE_CHANGED" -> Optional.of(CERTIFICATE_CHANGED);
            case "CERTIFICATE_EXPIRING" -> Optional.of(CERTIFICATE_EXPIRING);
            case "INVALID" -> e.topic().contains("/dialback/") ? Optional.of(DIALBACK_INVALID) : Optional.empty();
            case "LOCATED" -> "BOGUS".equalsIgnoreCase(e.properties().get("dnssec")) ? Optional.of(DNSSEC_BOGUS)
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A failed negotiation for the chart: the stream was refused or closed (not a warning about a live one). */
    boolean failedNegotiation() {
        return this == POLICY_VIOLATION || this == REFUSED || this == DNSSEC_BOGUS || this == DIALBACK_INVALID;
    }
}
