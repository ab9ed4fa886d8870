package dev.portcullis.checker;

import java.util.Objects;

/**
 * One finding that lowers the grade, with the specification clauses that make it one.
 *
 * @param finding  what was observed, for an administrator ("TLS 1.1 accepted")
 * @param cap      the best grade still possible with this finding
 * @param clauses  the clauses it violates, e.g. "RFC 8996 §5, RFC 9325 §3.1.1"
 * @param endpoint the endpoint it was seen on ("host:port"), or {@code null} for domain-wide findings
 */
record Deduction(String finding, Grade cap, String clauses, String endpoint) {
    Deduction {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(cap, "cap");
        if (clauses == null || !clauses.contains("§")) {
            throw new IllegalArgumentException("a deduction must cite its clause: " + finding);
        }
    }

    /** The line an admin reads: "TLS 1.1 accepted: −cap at C (RFC 8996 §5, RFC 9325 §3.1.1)". */
    String describe() {
        return finding + ": \u2212cap at " + cap + " (" + clauses + ")";
    }
}
