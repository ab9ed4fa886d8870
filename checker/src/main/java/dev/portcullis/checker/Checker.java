package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.pkix.ChainValidator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one check: locate endpoints (DNS, or {@code --connect}), examine each (default handshake, probes,
 * certificate, identity, DANE), POSH for the domain, then grade.
 */
final class Checker {
    private final CheckOptions options;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration timeout;

    Checker(CheckOptions options, Clock clock, SecureRandom random, Duration timeout) {
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.timeout = timeout;
    }

    /** A place to connect to and the endpoint (DNS identity) it stands for. */
    private record Target(Endpoint endpoint, InetSocketAddress address, String error) {
    }

    /**
     * @throws IOException              the check cannot start (unreadable trust anchor or CA file, no resolver)
     * @throws GeneralSecurityException the JDK's trust store cannot be read
     */
    Report run() throws IOException, GeneralSecurityException {
        String domain = options.domain();
        Dns dns = options.noDns() ? null : Dns.create(options.dns(), options.trustAnchor(), clock, timeout);
        DnsFacts dnsFacts = dns == null ? null : EndpointLocator.locate(dns, domain);
        if (dnsFacts != null && options.connect() == null && dnsFacts.xmppSrv().dnssec() == DnssecStatus.INDETERMINATE
                && dnsFacts.xmppsSrv().dnssec() == DnssecStatus.INDETERMINATE) {
            throw new IOException("DNS gave no usable answer for the SRV records of " + domain + ": "
                    + dnsFacts.xmppSrv().detail() + "; check --dns, or use --connect HOST:PORT --no-dns");
        }
        Pkix pkix = Pkix.create(options.ca());
        Connector connector = new Connector(domain, options.from(), timeout);
        List<EndpointFacts> examined = new ArrayList<>();
        List<X509Certificate> endEntities = new ArrayList<>();
        PublishAdvice.Lines advice = new PublishAdvice.Lines();
        for (Target t : targets(dns, dnsFacts)) {
            if (t.error() != null) {
                examined.add(EndpointFacts.unreachable(t.endpoint(), null, t.error()));
                continue;
            }
            Examined x = examine(connector, dns, pkix, t);
            examined.add(x.facts());
            advice.add(PublishAdvice.dane(x.facts().endpoint(), x.chain(), x.facts().dane()));
            if (x.endEntity() != null) {
                endEntities.add(x.endEntity());
            }
        }
        PoshFacts posh = dns == null ? new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, PoshCheck.url(domain),
                "not checked (--no-dns)") : new PoshCheck(dns, pkix.trustManager(), timeout, clock).check(domain, endEntities);
        boolean pkixProves = examined.stream().filter(EndpointFacts::reachable)
                .allMatch(e -> e.pkixValid() && e.identity() != null && e.identity().matched());
        advice.add(PublishAdvice.posh(posh, endEntities, pkixProves, dns == null));
        Grader.Result g = Grader.grade(dnsFacts, posh, examined);
        return new Report(domain, options.from(), clock.instant(), dnsFacts, posh, examined, g.grade(),
                g.deductions(), g.notes(), advice.lines());
    }

    /** One endpoint's facts and the chain it served (end entity first; for POSH and the advice), maybe empty. */
    private record Examined(EndpointFacts facts, List<X509Certificate> chain) {
        X509Certificate endEntity() {
            return chain.isEmpty() ? null : chain.get(0);
        }
    }

    private List<Target> targets(Dns dns, DnsFacts dnsFacts) {
        List<Target> out = new ArrayList<>();
        CheckOptions.HostPort connect = options.connect();
        if (connect != null) {
            Endpoint base = null;
            if (dnsFacts != null) {
                base = dnsFacts.endpoints().stream().filter(e -> e.directTls() == options.directTls()).findFirst()
                        .orElse(null);
            }
            Endpoint e = base != null
                    ? new Endpoint(base.host(), base.port(), options.directTls(),
                            "--connect " + connect.host() + ":" + connect.port() + " for " + base.source(), base.dnssec())
                    : new Endpoint(connect.host(), connect.port(), options.directTls(), "--connect",
                            DnssecStatus.INDETERMINATE);
            try {
                // --connect skips DNS for the connection: the system resolver (or an IP literal) only
                out.add(new Target(e, new InetSocketAddress(InetAddress.getByName(connect.host()), connect.port()),
                        null));
            } catch (UnknownHostException ex) {
                out.add(new Target(e, null, "cannot resolve " + connect.host()));
            }
            return out;
        }
        for (Endpoint e : dnsFacts.endpoints()) {
            try {
                InetAddress a = dns.addresses(e.host()).get(0);
                out.add(new Target(e, new InetSocketAddress(a, e.port()), null));
            } catch (IOException ex) {
                out.add(new Target(e, null, ex.getMessage()));
            }
        }
        return out;
    }

    private Examined examine(Connector connector, Dns dns, Pkix pkix, Target t) {
        Endpoint endpoint = t.endpoint();
        String address = t.address().getAddress().getHostAddress();
        DefaultSession.Result main = null;
        String failure = null;
        try {
            main = new DefaultSession(connector, random).run(endpoint, t.address());
        } catch (ConnectException | NoRouteToHostException e) {
            return new Examined(EndpointFacts.unreachable(endpoint, address, "cannot connect to " + address + ":"
                    + t.address().getPort() + " (" + e.getMessage() + ")"), List.of());
        } catch (SocketTimeoutException e) {
            return new Examined(EndpointFacts.unreachable(endpoint, address, "no answer from " + address + ":"
                    + t.address().getPort() + " within " + timeout.toSeconds() + " s"), List.of());
        } catch (IOException | RuntimeException e) {
            failure = "the default handshake (Bouncy Castle JSSE, TLS 1.2/1.3) failed: " + e.getMessage();
        }
        TlsProbe prober = new TlsProbe(connector, random);
        List<ProbeResult> probes = new ArrayList<>();
        for (Probe p : Probe.values()) {
            probes.add(prober.run(endpoint, t.address(), p));
        }
        List<X509Certificate> chain = main == null ? List.of() : main.chain();
        List<CertificateFacts> certs = chain.stream().map(Certificates::facts).toList();
        Pkix.Verdict v = chain.isEmpty() ? new Pkix.Verdict(false, failure) : pkix.validate(chain);
        IdentityFacts id = chain.isEmpty() ? null : IdentityCheck.check(chain.get(0), options.domain(), endpoint);
        DaneFacts dane = chain.isEmpty()
                ? new DaneFacts(DaneFacts.Status.NOT_CHECKED, null, List.of(), null, "no certificate")
                : DaneCheck.check(dns, endpoint, chain, new TlsaMatcher(pkix.anchors(), new ChainValidator(false, false)),
                        options.domain(), clock.instant());
        EndpointFacts facts = new EndpointFacts(endpoint, address, null, main != null && main.startTlsOffered(),
                main != null && main.startTlsRequired(), main == null ? null : main.protocol(),
                main == null ? null : main.suite(), probes, certs, v.valid(), v.detail(), id, dane,
                main != null && main.dialbackOffered(), main == null ? List.of() : main.saslMechanisms(),
                main == null ? null : main.afterTlsError());
        return new Examined(facts, chain);
    }
}
