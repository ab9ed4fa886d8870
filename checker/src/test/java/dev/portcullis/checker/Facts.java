package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Hand-built evidence for grading unit tests: a clean endpoint, varied one fact at a time. */
final class Facts {
    private Facts() {
    }

    static final Endpoint STARTTLS = new Endpoint("xmpp.example.test", 5269, false, "_xmpp-server SRV",
            DnssecStatus.SECURE);

    static CertificateFacts ecLeaf() {
        return new CertificateFacts("CN=example.test", "CN=CA", List.of("DNS:example.test"),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), "EC", 256, "EC P-256",
                "SHA256withECDSA", false, "00");
    }

    static CertificateFacts root() {
        return new CertificateFacts("CN=CA", "CN=CA", List.of(), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"), "EC", 256, "EC P-256", "SHA1withECDSA", true, "01");
    }

    static IdentityFacts matched() {
        return new IdentityFacts(true, "DNS-ID example.test", List.of("example.test"), List.of(), List.of());
    }

    static DaneFacts daneMatch() {
        return new DaneFacts(DaneFacts.Status.MATCH, "_5269._tcp.xmpp.example.test", List.of("3 1 1 AB"), "3 1 1 AB",
                "matches");
    }

    static DaneFacts dane(DaneFacts.Status s) {
        return new DaneFacts(s, "_5269._tcp.xmpp.example.test", List.of("3 1 1 AB"), null, "test");
    }

    /** Only TLS 1.2 AEAD and TLS 1.3 accepted, everything else refused. */
    static List<ProbeResult> modernProbes() {
        List<ProbeResult> out = new ArrayList<>();
        for (Probe p : Probe.values()) {
            out.add(p == Probe.TLS_1_2 || p == Probe.TLS_1_3 ? accepted(p)
                    : new ProbeResult(p, ProbeResult.Outcome.REFUSED, null, null, "alert", false));
        }
        return out;
    }

    static ProbeResult accepted(Probe p) {
        return new ProbeResult(p, ProbeResult.Outcome.ACCEPTED, p.version().getName(), p.suiteNames().get(0), null,
                false);
    }

    /** A clean STARTTLS endpoint: required STARTTLS, modern TLS, PKIX-valid, names the domain, DANE match. */
    static EndpointFacts clean() {
        return new EndpointFacts(STARTTLS, "127.0.0.1", null, true, true, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                modernProbes(), List.of(ecLeaf(), root()), true, "chains to a trusted root", matched(), daneMatch(),
                true, List.of(), null);
    }

    static EndpointFacts withProbe(EndpointFacts e, ProbeResult replacement) {
        List<ProbeResult> probes = new ArrayList<>(e.probes());
        probes.replaceAll(p -> p.probe() == replacement.probe() ? replacement : p);
        return copy(e, b -> b.probes(probes));
    }

    /** A small mutable copy-builder so each test changes exactly one fact. */
    static final class B {
        Endpoint endpoint;
        String address;
        String error;
        boolean startTlsOffered;
        boolean startTlsRequired;
        String protocol;
        String suite;
        List<ProbeResult> probes;
        List<CertificateFacts> chain;
        boolean pkixValid;
        String pkixDetail;
        IdentityFacts identity;
        DaneFacts dane;
        boolean dialback;
        List<String> sasl;
        String afterTls;

        B probes(List<ProbeResult> p) {
            probes = p;
            return this;
        }
    }

    static EndpointFacts copy(EndpointFacts e, UnaryOperator<B> change) {
        B b = new B();
        b.endpoint = e.endpoint();
        b.address = e.address();
        b.error = e.error();
        b.startTlsOffered = e.startTlsOffered();
        b.startTlsRequired = e.startTlsRequired();
        b.protocol = e.protocol();
        b.suite = e.suite();
        b.probes = e.probes();
        b.chain = e.chain();
        b.pkixValid = e.pkixValid();
        b.pkixDetail = e.pkixDetail();
        b.identity = e.identity();
        b.dane = e.dane();
        b.dialback = e.dialbackOffered();
        b.sasl = e.saslMechanisms();
        b.afterTls = e.afterTlsError();
        b = change.apply(b);
        return new EndpointFacts(b.endpoint, b.address, b.error, b.startTlsOffered, b.startTlsRequired, b.protocol,
                b.suite, b.probes, b.chain, b.pkixValid, b.pkixDetail, b.identity, b.dane, b.dialback, b.sasl,
                b.afterTls);
    }

    static DnsFacts secureDns() {
        return new DnsFacts("127.0.0.1:53",
                new DnsFacts.SrvAnswer("_xmpps-server._tcp.example.test", DnssecStatus.SECURE, List.of(), null),
                new DnsFacts.SrvAnswer("_xmpp-server._tcp.example.test", DnssecStatus.SECURE,
                        List.of("0 5 5269 xmpp.example.test."), null), List.of(STARTTLS));
    }

    static PoshFacts noPosh() {
        return new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, "https://example.test/.well-known/posh/xmpp-server.json",
                "HTTP 404");
    }
}
