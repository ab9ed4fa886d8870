package dev.portcullis.dialback;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;

/**
 * The one step that decides whether dialback may authenticate a domain pair (STYLE: evidence apart from
 * decision). Evidence comes in the {@link DialbackContext}: TLS, the DNA verifier's result; the rules
 * come from {@link DialbackSettings}. Rules, first match wins:
 * <ol>
 *   <li>no TLS and plaintext not permitted: refused, policy-violation (XEP-0344 §2.3, RFC 7590 §3.1);</li>
 *   <li>the verifier rejected the certificate: refused, dialback must not work around it (RFC 7712 §4);</li>
 *   <li>inbound, certificate proven for the sender domain: permitted, answered from the certificate
 *       without a db:verify round trip (XEP-0344 §2.4), in every mode;</li>
 *   <li>peer in {@code require-proof-domains}: refused, not-authorized (XEP-0220 §2.5);</li>
 *   <li>peer in {@code dialback-domains}: permitted;</li>
 *   <li>{@code mode}: never refuses; allowed permits; fallback permits unless the stream's certificate was
 *       proven (for another domain), in which case that domain must be proven by certificate as well.</li>
 * </ol>
 */
final class DialbackPolicy {

    /**
     * A decision plus what the receiving role answers when refused.
     *
     * @param decision             the api's decision
     * @param refusal              the dialback error condition when refused, else {@code null}
     * @param certificateShortcut  the db:result is answered from the proven certificate (XEP-0344 §2.4)
     */
    record Ruling(DialbackDecision decision, DialbackError refusal, boolean certificateShortcut) {
        static Ruling permit(String reason, String spec) {
            return new Ruling(new DialbackDecision(true, reason, spec), null, false);
        }

        static Ruling refuse(DialbackError error, String reason, String spec) {
            return new Ruling(new DialbackDecision(false, reason, spec), error, false);
        }
    }

    private DialbackPolicy() {
    }

    static Ruling decide(DialbackContext c, DialbackSettings s) {
        boolean inbound = c.direction() == Direction.INBOUND;
        String peer = inbound ? c.originatingDomain() : c.receivingDomain();
        String pair = c.originatingDomain() + " -> " + c.receivingDomain() + " on stream " + c.streamId();
        Verification cert = c.certificate();

        if (!c.tlsProtected() && !c.plaintextPermitted()) {
            return Ruling.refuse(DialbackError.POLICY_VIOLATION, "dialback for " + pair + " refused: the stream with "
                    + peer + " is not TLS-protected and the TLS policy does not permit plaintext with " + peer
                    + " (negotiate STARTTLS first, or list the peer as plaintext-permitted in dev.portcullis.tls)",
                    "XEP-0344 §2.3, RFC 7590 §3.1, XEP-0220 §2.5 (policy-violation)");
        }
        if (cert != null && cert.outcome() == VerificationOutcome.REJECTED) {
            return Ruling.refuse(DialbackError.NOT_AUTHORIZED, "dialback for " + pair + " refused: the certificate of "
                    + cert.peerDomain() + " was rejected (" + cert.reason() + "); dialback must not work around that",
                    "RFC 7712 §4, XEP-0220 §2.5 (not-authorized)");
        }
        if (inbound && cert != null && cert.verified() && DomainList.sameDomain(cert.peerDomain(),
                c.originatingDomain())) {
            return new Ruling(new DialbackDecision(true, "the certificate of " + c.originatingDomain() + " was proven by "
                    + cert.provenBy() + ": the db:result for " + pair
                    + " is answered from it without a db:verify round trip", "XEP-0344 §2.4"), null, true);
        }
        String unproven = cert == null ? "no certificate was presented or verified"
                : cert.verified() ? "the certificate was proven for " + cert.peerDomain() + " only"
                : "the certificate could not be proven: " + cert.reason();
        String required = s.requireProofDomains().match(peer);
        if (required != null) {
            return Ruling.refuse(DialbackError.NOT_AUTHORIZED, "dialback for " + pair + " refused: " + peer
                    + " is in require-proof-domains (" + required + ") and must prove its certificate; " + unproven,
                    "XEP-0220 §2.5 (not-authorized), RFC 7712 §4");
        }
        String listed = s.dialbackDomains().match(peer);
        if (listed != null) {
            return Ruling.permit("dialback for " + pair + " permitted: " + peer + " is in dialback-domains (" + listed
                    + "); " + unproven, "RFC 7712 §4.3, XEP-0220 §2");
        }
        return switch (s.mode()) {
            case NEVER -> Ruling.refuse(DialbackError.NOT_AUTHORIZED, "dialback for " + pair + " refused: mode=never "
                    + "accepts only a proven certificate (SASL EXTERNAL, XEP-0178), and " + unproven
                    + " (set mode=fallback, or list " + peer + " in dialback-domains)",
                    "XEP-0220 §2.5 (not-authorized), RFC 7712 §4");
            case ALLOWED -> Ruling.permit("dialback for " + pair + " permitted: mode=allowed; " + unproven,
                    "RFC 7712 §4.3, RFC 7712 §4.4.1");
            case FALLBACK -> fallback(c, pair, peer, cert, unproven, inbound);
        };
    }

    private static Ruling fallback(DialbackContext c, String pair, String peer, Verification cert, String unproven,
                                   boolean inbound) {
        if (inbound && cert != null && cert.verified()) {
            return Ruling.refuse(DialbackError.NOT_AUTHORIZED, "dialback for " + pair + " refused: mode=fallback uses "
                    + "dialback only when a peer's certificate could not be proven, and the certificate of this stream was "
                    + "proven for " + cert.peerDomain() + " by " + cert.provenBy() + " but does not cover "
                    + c.originatingDomain() + " (set mode=allowed, or list " + c.originatingDomain()
                    + " in dialback-domains, to accept dialback for piggybacked domains)",
                    "RFC 7712 §4.3, RFC 7712 §4.4.1, XEP-0220 §2.5 (not-authorized)");
        }
        if (inbound) {
            return Ruling.permit("dialback for " + pair + " permitted as fallback: " + unproven, "RFC 7712 §4.3");
        }
        return Ruling.permit("dialback for " + pair + " permitted: we authenticate to " + peer
                + " by dialback because it cannot verify our certificate (no SASL EXTERNAL offered); for " + peer
                + ": " + unproven, "RFC 7712 §4.3, XEP-0220 §2.1.1");
    }
}
