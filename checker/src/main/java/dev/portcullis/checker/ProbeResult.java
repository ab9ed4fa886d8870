package dev.portcullis.checker;

import java.util.Objects;

/**
 * One deliberately narrow TLS handshake: did the server accept what it should (or should not) accept?
 *
 * @param probe    the {@link Probe} that was tried
 * @param outcome  accepted, refused, or not testable with this client
 * @param version  the negotiated protocol when accepted
 * @param suite    the negotiated suite when accepted
 * @param detail   why it was refused or untestable, or extra facts (encrypt_then_mac)
 * @param encryptThenMac whether RFC 7366 encrypt_then_mac was negotiated (matters for CBC, RFC 9325 §4.2)
 */
record ProbeResult(Probe probe, Outcome outcome, String version, String suite, String detail, boolean encryptThenMac) {
    enum Outcome { ACCEPTED, REFUSED, UNTESTABLE }

    ProbeResult {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(outcome, "outcome");
    }

    boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
