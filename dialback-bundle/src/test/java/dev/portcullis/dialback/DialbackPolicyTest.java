package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dna.Verification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy step: each mode and override, with the rule and the spec section it names. */
class DialbackPolicyTest {

    private static DialbackPolicy.Ruling decide(DialbackSettings s, DialbackContext c) {
        return DialbackPolicy.decide(c, s);
    }

    private static DialbackContext in(Verification cert) {
        return Fixtures.inbound("s1", CAPULET, MONTAGUE, true, false, cert, List.of());
    }

    private static final DialbackSettings FALLBACK = Fixtures.settings();
    private static final DialbackSettings NEVER = Fixtures.settings("mode", "never");
    private static final DialbackSettings ALLOWED = Fixtures.settings("mode", "allowed");

    @Test
    void fallbackIsTheDefaultMode() {
        assertEquals(Mode.FALLBACK, FALLBACK.mode());
    }

    /** RFC 7712 §4.3: dialback when no prooftype proved the certificate. */
    @Test
    void fallbackPermitsDialbackWhenNoProoftypeProvedTheCertificateRfc7712Section43() {
        for (Verification cert : new Verification[] {null, Fixtures.unverified(CAPULET)}) {
            DialbackDecision d = decide(FALLBACK, in(cert)).decision();
            assertTrue(d.permitted(), d.reason());
            assertEquals("RFC 7712 §4.3", d.specSection());
            assertTrue(d.reason().contains(CAPULET), d.reason());
        }
    }

    /** XEP-0344 §2.4: a certificate proven for the sender domain decides, in every mode, without a round trip. */
    @Test
    void provenCertificateForTheSenderDomainIsTheShortcutInEveryModeXep0344Section24() {
        for (DialbackSettings s : List.of(FALLBACK, NEVER, ALLOWED, Fixtures.settings("require-proof-domains", CAPULET))) {
            DialbackPolicy.Ruling r = decide(s, in(Fixtures.verified(CAPULET)));
            assertTrue(r.decision().permitted(), s.mode() + ": " + r.decision().reason());
            assertTrue(r.certificateShortcut());
            assertEquals("XEP-0344 §2.4", r.decision().specSection());
        }
    }

    /** RFC 7712 §4.4.1: a certificate proven for the stream's domain does not cover a piggybacked one. */
    @Test
    void fallbackRefusesDialbackForADomainBesideAProvenCertificateRfc7712Section441() {
        DialbackPolicy.Ruling r = decide(FALLBACK, Fixtures.inbound("s1", "rooms." + CAPULET, MONTAGUE, true, false,
                Fixtures.verified(CAPULET), List.of()));
        assertFalse(r.decision().permitted());
        assertEquals(DialbackError.NOT_AUTHORIZED, r.refusal());
        assertTrue(r.decision().reason().contains("mode=allowed"), "says what to change: " + r.decision().reason());
        assertTrue(r.decision().specSection().contains("RFC 7712 §4.4.1"));
    }

    @Test
    void allowedPermitsDialbackEvenAlongsideAProvenCertificate() {
        DialbackPolicy.Ruling r = decide(ALLOWED, Fixtures.inbound("s1", "rooms." + CAPULET, MONTAGUE, true, false,
                Fixtures.verified(CAPULET), List.of()));
        assertTrue(r.decision().permitted(), r.decision().reason());
        assertFalse(r.certificateShortcut());
        assertTrue(decide(ALLOWED, in(Fixtures.unverified(CAPULET))).decision().permitted());
    }

    /** XEP-0220 §2.5 not-authorized: "a policy requiring ... a valid PKIX certificate ... or some other proof". */
    @Test
    void neverRefusesEveryUnprovenPeerWithNotAuthorizedSection25() {
        for (Verification cert : new Verification[] {null, Fixtures.unverified(CAPULET)}) {
            DialbackPolicy.Ruling r = decide(NEVER, in(cert));
            assertFalse(r.decision().permitted());
            assertEquals(DialbackError.NOT_AUTHORIZED, r.refusal());
            assertTrue(r.decision().specSection().contains("XEP-0220 §2.5"));
        }
        assertFalse(decide(NEVER, Fixtures.outbound("s1", MONTAGUE, CAPULET, Fixtures.unverified(CAPULET))).decision().permitted(),
                "nor do we authenticate ourselves by dialback");
    }

    @Test
    void requireProofDomainsNeverUseDialbackWhateverTheMode() {
        DialbackSettings s = Fixtures.settings("mode", "allowed", "require-proof-domains", "*.capulet.example, other.example");
        DialbackPolicy.Ruling r = decide(s, Fixtures.inbound("s1", "rooms." + CAPULET, MONTAGUE, true, false,
                Fixtures.unverified("rooms." + CAPULET), List.of()));
        assertFalse(r.decision().permitted());
        assertEquals(DialbackError.NOT_AUTHORIZED, r.refusal());
        assertTrue(r.decision().reason().contains("require-proof-domains (*.capulet.example)"), r.decision().reason());
        assertTrue(decide(s, in(Fixtures.unverified(CAPULET))).decision().permitted(),
                "*.capulet.example does not cover capulet.example itself");
    }

    @Test
    void dialbackDomainsArePermittedEvenInModeNever() {
        DialbackSettings s = Fixtures.settings("mode", "never", "dialback-domains", "Capulet.Example.");
        DialbackDecision d = decide(s, in(Fixtures.unverified(CAPULET))).decision();
        assertTrue(d.permitted(), d.reason());
        assertTrue(d.reason().contains("dialback-domains"), d.reason());
    }

    /** XEP-0344 §2.3, RFC 7590 §3.1: dialback only over TLS, unless the TLS policy permits plaintext for the peer. */
    @Test
    void dialbackOnlyOverTlsUnlessPlaintextIsPermittedRfc7590Section31() {
        DialbackSettings s = Fixtures.settings("mode", "allowed", "dialback-domains", CAPULET);
        DialbackPolicy.Ruling r = decide(s, Fixtures.inbound("s1", CAPULET, MONTAGUE, false, false, null, List.of()));
        assertFalse(r.decision().permitted());
        assertEquals(DialbackError.POLICY_VIOLATION, r.refusal());
        assertTrue(r.decision().specSection().contains("RFC 7590 §3.1"));
        assertTrue(decide(s, Fixtures.inbound("s1", CAPULET, MONTAGUE, false, true, null, List.of())).decision().permitted());
    }

    @Test
    void rejectedCertificateIsRefusedEvenForDialbackDomains() {
        DialbackSettings s = Fixtures.settings("mode", "allowed", "dialback-domains", CAPULET);
        DialbackPolicy.Ruling r = decide(s, in(Fixtures.rejected(CAPULET)));
        assertFalse(r.decision().permitted());
        assertTrue(r.decision().reason().contains("DANE contradicts"), r.decision().reason());
        assertFalse(decide(s, Fixtures.outbound("s1", MONTAGUE, CAPULET, Fixtures.rejected(CAPULET))).decision().permitted());
    }

    /** Outbound (we originate, XEP-0220 §2.1.1): the override lists apply to the receiving domain, our peer. */
    @Test
    void outboundDecisionsConcernTheReceivingDomain() {
        assertTrue(decide(FALLBACK, Fixtures.outbound("s1", MONTAGUE, CAPULET, Fixtures.unverified(CAPULET))).decision().permitted());
        assertTrue(decide(FALLBACK, Fixtures.outbound("s1", MONTAGUE, CAPULET, Fixtures.verified(CAPULET))).decision().permitted(),
                "a peer we trust that cannot verify our certificate still needs our dialback key");
        DialbackSettings requireCapulet = Fixtures.settings("require-proof-domains", CAPULET);
        assertFalse(decide(requireCapulet, Fixtures.outbound("s1", MONTAGUE, CAPULET, null)).decision().permitted());
        assertTrue(decide(requireCapulet, Fixtures.outbound("s1", CAPULET, "other.example", null)).decision().permitted(),
                "our own domain in the list is irrelevant outbound");
    }

    @Test
    void everyDecisionNamesASpecSectionAndThePeer() {
        for (DialbackSettings s : List.of(FALLBACK, NEVER, ALLOWED)) {
            for (Verification cert : new Verification[] {null, Fixtures.unverified(CAPULET), Fixtures.verified(CAPULET),
                    Fixtures.rejected(CAPULET)}) {
                for (boolean tls : new boolean[] {true, false}) {
                    DialbackDecision d = decide(s, Fixtures.inbound("s1", CAPULET, MONTAGUE, tls, false, cert, List.of())).decision();
                    assertTrue(d.specSection().matches(".*(XEP-\\d{4}|RFC \\d+) §.*"), d.specSection());
                    assertTrue(d.reason().contains(CAPULET), d.reason());
                }
            }
        }
    }
}
