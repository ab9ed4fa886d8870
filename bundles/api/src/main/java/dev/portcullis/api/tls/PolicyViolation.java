package dev.portcullis.api.tls;

import java.util.Objects;

/**
 * One rule a TLS session or a configuration broke.
 *
 * @param rule        short name of the rule, e.g. {@code protocol-version}
 * @param detail      what was seen, in words an administrator understands
 * @param specSection the clause broken, e.g. {@code RFC 8996 §2}
 */
public record PolicyViolation(String rule, String detail, String specSection) {
    public PolicyViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(specSection, "specSection");
    }

    @Override
    public String toString() {
        return detail + " (" + specSection + ")";
    }
}
