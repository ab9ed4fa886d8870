package dev.portcullis.dna.locator;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.dna.core.dns.DnsAnswer;
import dev.portcullis.dna.core.dns.DnssecStatuses;
import dev.portcullis.dna.core.locator.SrvOrder;
import dev.portcullis.dna.core.names.DomainName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Locates a peer's s2s endpoints: XEP-0368 §3 and RFC 6120 §3.2.1 SRV lookups, RFC 2782 ordering, the RFC
 * 6120 §3.2.2 fallback to the domain on 5269, and RFC 7673 §3 (DNSSEC status along SRV → address → TLSA).
 */
public final class Locator implements DnsService {
    static final String XMPPS = "_xmpps-server._tcp.";
    static final String XMPP = "_xmpp-server._tcp.";
    static final int DEFAULT_PORT = 5269;

    private final DnsClient dns;
    private final RandomGenerator random;

    public Locator(DnsClient dns, RandomGenerator random) {
        this.dns = dns;
        this.random = random;
    }

    private record Target(String host, int port, boolean directTls, EndpointSource source, int priority,
                          int weight) {
    }

    @Override
    public CompletionStage<LocatedPeer> locateDetailed(String domain) {
        Name name;
        try {
            name = Name.fromString(DomainName.of(domain).absolute());
        } catch (TextParseException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new LocatedPeer(new Resolution(domain,
                    DnssecStatus.INDETERMINATE, List.of(), e.getMessage()), List.of()));
        }
        CompletableFuture<DnsAnswer> xmpps = query(XMPPS + name, Type.SRV);
        CompletableFuture<DnsAnswer> xmpp = query(XMPP + name, Type.SRV);
        return xmpps.thenCombine(xmpp, (a, b) -> new DnsAnswer[] {a, b})
                .thenCompose(answers -> fromSrv(domain, name, answers[0], answers[1]));
    }

    private CompletableFuture<DnsAnswer> query(String name, int type) {
        try {
            return dns.query(Name.fromString(name), type).toCompletableFuture();
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private CompletionStage<LocatedPeer> fromSrv(String domain, Name name, DnsAnswer xmpps, DnsAnswer xmpp) {
        for (DnsAnswer a : List.of(xmpps, xmpp)) {
            if (a.failed()) {
                // RFC 7673 §3.1: a bogus SRV answer, or a failure other than "no records", aborts the attempt
                return CompletableFuture.completedFuture(new LocatedPeer(new Resolution(domain, a.status(), List.of(),
                        "SRV lookup for " + domain + " failed: " + a.describe() + "; not connecting (RFC 7673 §3.1)"
                                + (a.reason() != null && a.reason().contains("chain of trust to keys for [.]")
                                ? ". The root zone's keys could not be validated: the DNS servers (dns.servers) do not "
                                + "pass DNSSEC records through, or dns.trust-anchors does not match them" : "")),
                        List.of()));
            }
        }
        DnssecStatus srvStatus = DnssecStatuses.weakest(xmpps.status(), xmpp.status());
        List<Target> targets = new ArrayList<>();
        boolean xmppsRefused = addTargets(targets, xmpps, true);
        boolean xmppRefused = addTargets(targets, xmpp, false);
        if (targets.isEmpty()) {
            if (xmppsRefused || xmppRefused) {
                return CompletableFuture.completedFuture(new LocatedPeer(new Resolution(domain, srvStatus, List.of(),
                        domain + " publishes a '.' SRV target: it offers no server-to-server service (RFC 2782, "
                                + "RFC 6120 §3.2.1)"), List.of()));
            }
            // RFC 6120 §3.2.2: no SRV records, so the domain itself on the default port
            targets.add(new Target(name.toString(true), DEFAULT_PORT, false, EndpointSource.FALLBACK, 0, 0));
        } else {
            targets = SrvOrder.order(targets, Target::priority, Target::weight, random);
        }
        List<CompletableFuture<Object>> perTarget = new ArrayList<>();
        for (Target t : targets) {
            perTarget.add(resolveTarget(t, srvStatus).toCompletableFuture());
        }
        return CompletableFuture.allOf(perTarget.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Endpoint> endpoints = new ArrayList<>();
            List<SkippedTarget> skipped = new ArrayList<>();
            for (CompletableFuture<Object> f : perTarget) {
                Object o = f.join();
                if (o instanceof Endpoint e) {
                    endpoints.add(e);
                } else {
                    skipped.add((SkippedTarget) o);
                }
            }
            String problem = skipped.isEmpty() ? null : String.join("; ", skipped.stream()
                    .map(s -> "skipped " + s.host() + ":" + s.port() + ": " + s.reason()).toList());
            return new LocatedPeer(new Resolution(domain, srvStatus, endpoints, problem), skipped);
        });
    }

    /** Adds usable targets; returns true when the RRset is the single '.' record "service not available". */
    private static boolean addTargets(List<Target> targets, DnsAnswer answer, boolean directTls) {
        List<SRVRecord> srv = answer.records().stream().map(SRVRecord.class::cast).toList();
        if (srv.size() == 1 && srv.get(0).getTarget().equals(Name.root)) {
            return true;
        }
        for (SRVRecord r : srv) {
            if (!r.getTarget().equals(Name.root) && r.getPort() > 0) {
                targets.add(new Target(r.getTarget().toString(true), r.getPort(), directTls,
                        directTls ? EndpointSource.XMPPS_SRV : EndpointSource.XMPP_SRV, r.getPriority(), r.getWeight()));
            }
        }
        return false;
    }

    /** Completes with an {@link Endpoint} or a {@link SkippedTarget}. */
    private CompletionStage<Object> resolveTarget(Target t, DnssecStatus srvStatus) {
        CompletableFuture<DnsAnswer> a = query(t.host() + ".", Type.A);
        CompletableFuture<DnsAnswer> aaaa = query(t.host() + ".", Type.AAAA);
        return a.thenCombine(aaaa, (four, six) -> new DnsAnswer[] {four, six}).thenCompose(answers -> {
            for (DnsAnswer answer : answers) {
                if (answer.failed()) {
                    // RFC 7673 §3.2: bogus or indeterminate address lookups: do not connect to this target
                    return CompletableFuture.completedFuture(new SkippedTarget(t.host(), t.port(), answer.status(),
                            "address lookup " + answer.describe() + " (RFC 7673 §3.2)"));
                }
            }
            List<InetAddress> addresses = addressesOf(answers);
            if (addresses.isEmpty()) {
                return CompletableFuture.completedFuture(new SkippedTarget(t.host(), t.port(),
                        DnssecStatuses.weakest(answers[0].status(), answers[1].status()), "no A or AAAA records"));
            }
            DnssecStatus addressStatus = DnssecStatuses.weakest(answers[0].status(), answers[1].status());
            DnssecStatus chain = DnssecStatuses.weakest(srvStatus, addressStatus);
            if (chain != DnssecStatus.SECURE) {
                // RFC 7673 §3.2: no TLSA query unless the address (and SRV) answers are secure
                return CompletableFuture.completedFuture(endpoint(t, addresses, chain, List.of(),
                        DnssecStatus.INSECURE));
            }
            return query("_" + t.port() + "._tcp." + t.host() + ".", Type.TLSA).thenApply(tlsa -> {
                if (tlsa.failed()) {
                    // RFC 7673 §3.4: a bogus or indeterminate TLSA answer: do not connect to this target
                    return new SkippedTarget(t.host(), t.port(), tlsa.status(),
                            "TLSA lookup _" + t.port() + "._tcp." + t.host() + " " + tlsa.describe() + " (RFC 7673 §3.4)");
                }
                List<TlsaRecord> records = tlsa.status() == DnssecStatus.SECURE ? tlsa.records().stream()
                        .map(TLSARecord.class::cast).map(r -> new TlsaRecord(r.getCertificateUsage(), r.getSelector(),
                                r.getMatchingType(), r.getCertificateAssociationData())).toList() : List.of();
                return endpoint(t, addresses, chain, records, tlsa.status());
            });
        });
    }

    private static Endpoint endpoint(Target t, List<InetAddress> addresses, DnssecStatus status,
                                     List<TlsaRecord> tlsa, DnssecStatus tlsaStatus) {
        return new Endpoint(t.host(), t.port(), t.directTls(), t.source(), t.priority(), t.weight(), addresses,
                status, tlsa, tlsaStatus);
    }

    private static List<InetAddress> addressesOf(DnsAnswer... answers) {
        List<InetAddress> addresses = new ArrayList<>();
        for (DnsAnswer answer : answers) {
            for (org.xbill.DNS.Record r : answer.records()) {
                if (r instanceof ARecord ar) {
                    addresses.add(ar.getAddress());
                } else if (r instanceof AAAARecord ar) {
                    addresses.add(ar.getAddress());
                }
            }
        }
        return addresses;
    }

    @Override
    public CompletionStage<List<InetAddress>> addresses(String host) {
        Optional<DomainName> name = DomainName.parse(host);
        if (name.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownHostException(host + ": not a valid host name"));
        }
        CompletableFuture<DnsAnswer> a = query(name.get().absolute(), Type.A);
        CompletableFuture<DnsAnswer> aaaa = query(name.get().absolute(), Type.AAAA);
        return a.thenCombine(aaaa, (four, six) -> {
            for (DnsAnswer answer : List.of(four, six)) {
                if (answer.status() == DnssecStatus.BOGUS) {
                    throw new java.util.concurrent.CompletionException(new UnknownHostException(
                            host + ": address lookup " + answer.describe()));
                }
            }
            List<InetAddress> addresses = addressesOf(four, six);
            if (addresses.isEmpty()) {
                throw new java.util.concurrent.CompletionException(new UnknownHostException(
                        host + ": no A or AAAA records (" + four.describe() + ")"));
            }
            return addresses;
        });
    }
}
