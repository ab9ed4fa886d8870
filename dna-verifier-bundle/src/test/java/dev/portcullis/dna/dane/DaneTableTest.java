package dev.portcullis.dna.dane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.dna.locator.DnsService;
import dev.portcullis.dna.locator.LocatedPeer;
import dev.portcullis.dna.locator.SkippedTarget;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per row of docs/DANE.md (R1–R10) and direction, through the DANE prooftype: outbound with the endpoint
 * connected to, inbound with the initiating domain's located SRV targets. The same DNS facts must give the same
 * outcome in both directions (RFC 7673 §3, §4; RFC 7712 §5.1).
 */
class DaneTableTest {
    private static final String PEER = "peer.test";
    private static final IssuedCertificate CERT = TestCa.create("DANE table CA").issue(PEER).dnsName(PEER).build();
    private static final IssuedCertificate OTHER = TestCa.create("DANE table other CA").issue(PEER).dnsName(PEER)
            .build();
    private static final List<InetAddress> LOOPBACK = List.of(InetAddress.getLoopbackAddress());

    /** One row and the DNS facts that make it. */
    record Case(String row, String fact, DnssecStatus srv, List<Endpoint> endpoints, List<SkippedTarget> skipped,
                List<X509Certificate> chain, ProofStatus expected, String clause) {
        @Override
        public String toString() {
            return row + " " + fact + " → " + expected + " (" + clause + ")";
        }
    }

    static TlsaRecord daneEe(X509Certificate c) {
        try {
            return new TlsaRecord(3, 1, 1, MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Endpoint target(DnssecStatus address, DnssecStatus tlsaStatus, List<TlsaRecord> tlsa) {
        return new Endpoint("xmpp." + PEER, 5269, false, EndpointSource.XMPP_SRV, 10, 0, LOOPBACK, address, tlsa,
                tlsaStatus);
    }

    static Endpoint staticRoute() {
        return new Endpoint("127.0.0.1", 5269, false, EndpointSource.STATIC, 0, 0, LOOPBACK,
                DnssecStatus.INDETERMINATE, List.of(), DnssecStatus.INDETERMINATE);
    }

    static Stream<Case> rows() {
        List<X509Certificate> chain = CERT.chain();
        Endpoint matching = target(DnssecStatus.SECURE, DnssecStatus.SECURE, List.of(daneEe(CERT.certificate())));
        Endpoint mismatching = target(DnssecStatus.SECURE, DnssecStatus.SECURE, List.of(daneEe(OTHER.certificate())));
        SkippedTarget bogusTlsa = new SkippedTarget("xmpp2." + PEER, 5269, DnssecStatus.BOGUS, "TLSA lookup bogus");
        SkippedTarget timedOut = new SkippedTarget("xmpp3." + PEER, 5269, DnssecStatus.INDETERMINATE,
                "TLSA lookup timed out");
        return Stream.of(
                new Case("R1", "static route", DnssecStatus.INDETERMINATE, List.of(staticRoute()), List.of(), chain,
                        ProofStatus.NOT_APPLICABLE, "RFC 7673 §3"),
                new Case("R2", "SRV bogus", DnssecStatus.BOGUS, List.of(target(DnssecStatus.BOGUS,
                        DnssecStatus.INSECURE, List.of())), List.of(), chain, ProofStatus.DISPROVEN, "RFC 7673 §3.1"),
                new Case("R3", "SRV indeterminate or timed out", DnssecStatus.INDETERMINATE,
                        List.of(target(DnssecStatus.INDETERMINATE, DnssecStatus.INSECURE, List.of())), List.of(),
                        chain, ProofStatus.DISPROVEN, "RFC 7673 §3.1"),
                new Case("R4", "SRV insecure", DnssecStatus.INSECURE, List.of(target(DnssecStatus.INSECURE,
                        DnssecStatus.INSECURE, List.of())), List.of(), chain, ProofStatus.NOT_APPLICABLE,
                        "RFC 7673 §3.1, §3.2"),
                new Case("R5", "TLSA bogus", DnssecStatus.SECURE, List.of(target(DnssecStatus.SECURE,
                        DnssecStatus.BOGUS, List.of())), List.of(bogusTlsa), chain, ProofStatus.DISPROVEN,
                        "RFC 7673 §3.2, §3.4"),
                new Case("R5", "TLSA indeterminate or timed out", DnssecStatus.SECURE, List.of(target(
                        DnssecStatus.SECURE, DnssecStatus.INDETERMINATE, List.of())), List.of(timedOut), chain,
                        ProofStatus.DISPROVEN, "RFC 7673 §3.2, §3.4"),
                new Case("R6", "TLSA insecure", DnssecStatus.SECURE, List.of(target(DnssecStatus.SECURE,
                        DnssecStatus.INSECURE, List.of())), List.of(), chain, ProofStatus.NOT_APPLICABLE,
                        "RFC 7673 §3.4"),
                new Case("R7", "TLSA secure, none published", DnssecStatus.SECURE, List.of(target(DnssecStatus.SECURE,
                        DnssecStatus.SECURE, List.of())), List.of(), chain, ProofStatus.NOT_APPLICABLE,
                        "RFC 7673 §4.1, RFC 6698 §4.1"),
                new Case("R7", "TLSA secure, none usable", DnssecStatus.SECURE, List.of(target(DnssecStatus.SECURE,
                        DnssecStatus.SECURE, List.of(new TlsaRecord(7, 1, 1, new byte[32])))), List.of(), chain,
                        ProofStatus.NOT_APPLICABLE, "RFC 7673 §4.1, RFC 6698 §4.1"),
                new Case("R8", "TLSA secure, usable, matches", DnssecStatus.SECURE, List.of(matching), List.of(), chain,
                        ProofStatus.PROVEN, "RFC 7673 §4.2"),
                new Case("R9", "TLSA secure, usable, matches nothing", DnssecStatus.SECURE, List.of(mismatching),
                        List.of(), chain, ProofStatus.DISPROVEN, "RFC 7673 §4.2"),
                new Case("R10", "no certificate", DnssecStatus.SECURE, List.of(matching), List.of(), List.of(),
                        ProofStatus.NOT_APPLICABLE, "RFC 7673 §4"));
    }

    static Stream<Arguments> rowsInBothDirections() {
        // R1 is outbound only: inbound DANE always asks DNS, static routes are for connecting
        return rows().flatMap(c -> c.row().equals("R1") ? Stream.of(Arguments.of(c, Direction.OUTBOUND))
                : Stream.of(Arguments.of(c, Direction.OUTBOUND), Arguments.of(c, Direction.INBOUND)));
    }

    private static DaneProoftype dane(Case c) throws Exception {
        DnsService dns = new DnsService() {
            @Override
            public CompletionStage<LocatedPeer> locateDetailed(String domain) {
                List<Endpoint> endpoints = c.srv() == DnssecStatus.BOGUS || c.srv() == DnssecStatus.INDETERMINATE
                        ? List.of() : c.endpoints(); // as the locator: a failed SRV lookup yields no endpoint
                return CompletableFuture.completedFuture(new LocatedPeer(new Resolution(domain, c.srv(), endpoints,
                        null), c.skipped()));
            }

            @Override
            public CompletionStage<List<InetAddress>> addresses(String host) {
                return CompletableFuture.completedFuture(LOOPBACK);
            }
        };
        // no CA is trusted by PKIX: DANE stands on DNSSEC alone
        return new DaneProoftype(dns, new TlsaMatcher(Set.of(),
                new ChainValidator(false, false)), Clock.systemUTC());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("rowsInBothDirections")
    void eachRowOfTheDaneTableHasOneOutcomeInBothDirectionsRfc7673Section3And4(Case c, Direction direction)
            throws Exception {
        // outbound: the endpoint connected to (the locator connects to no skipped target, so none is given)
        Endpoint connected = c.endpoints().get(0);
        VerificationRequest request = new VerificationRequest(direction, PEER, "local.test", c.chain(),
                direction == Direction.OUTBOUND ? connected : null, null);
        ProofResult r = dane(c).prove(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(c.expected(), r.status(), r.reason());
        assertEquals(c.clause(), r.specSection(), r.reason());
        assertTrue(r.reason().endsWith("[docs/DANE.md " + c.row() + "]"), r.reason());
    }

    @Test
    void severalTargetsAreProvenByAnyRefusedByAnyMismatchOrFailureRfc7673Section32() throws Exception {
        Endpoint matching = target(DnssecStatus.SECURE, DnssecStatus.SECURE, List.of(daneEe(CERT.certificate())));
        Endpoint insecure = target(DnssecStatus.INSECURE, DnssecStatus.INSECURE, List.of());
        SkippedTarget failed = new SkippedTarget("xmpp2." + PEER, 5269, DnssecStatus.INDETERMINATE, "timed out");
        Case provenDespiteFailure = new Case("R8", "", DnssecStatus.SECURE, List.of(insecure, matching),
                List.of(failed), CERT.chain(), ProofStatus.PROVEN, "RFC 7673 §4.2");
        Case failureNotHiddenByInsecure = new Case("R5", "", DnssecStatus.SECURE, List.of(insecure), List.of(failed),
                CERT.chain(), ProofStatus.DISPROVEN, "RFC 7673 §3.2, §3.4");
        for (Case c : List.of(provenDespiteFailure, failureNotHiddenByInsecure)) {
            ProofResult r = dane(c).prove(new VerificationRequest(Direction.INBOUND, PEER, "local.test", c.chain(),
                    null, null)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(c.expected(), r.status(), r.reason());
        }
    }

    @Test
    void docsDaneMdListsEveryRowWithItsClause() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "DANE.md"));
        List<String> missing = new ArrayList<>();
        for (DaneTable.Row row : DaneTable.Row.values()) {
            Matcher m = Pattern.compile("(?m)^\\| " + row.name() + " \\|.*\\| ([^|]+) \\|$").matcher(doc);
            if (!m.find() || !m.group(1).trim().equals(row.clause)) {
                missing.add(row.name() + " (" + row.clause + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docs/DANE.md does not match DaneTable for " + missing);
    }
}
