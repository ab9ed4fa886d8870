package dev.portcullis.server;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.PeerLocator;
import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.LocalCertificate;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsPolicy;
import java.io.IOException;
import dev.portcullis.api.dna.Verification;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference host's s2s server as a DS component, configured by PID {@code dev.portcullis.server}.
 * Binds the security services DYNAMIC, GREEDY and OPTIONAL: while one is absent, what needs it is refused
 * with a retryable {@code <reset/>} (RFC 6120 §4.9.3.16); a new or replaced service serves the next
 * handshake; established streams are never dropped, because their state lives here.
 * Public because Declarative Services instantiates it; the package is private to the bundle.
 */
@Component(configurationPid = ServerConfig.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE, // never bind the default 0.0.0.0:5269 before etc/ is read
        service = {FederationMonitor.class, FederationPing.class})
@Designate(ocd = ServerConfig.class)
public final class ServerComponent implements FederationMonitor, FederationPing {
    private static final Logger LOG = LoggerFactory.getLogger(ServerComponent.class);

    private final BoundServices services = new BoundServices();
    private final Events events = new Events();
    private final AtomicReference<FederationServer> server = new AtomicReference<>();
    /** The server's TLS handshake workers, shut down with it. */
    private volatile java.util.concurrent.ExecutorService workers;
    private ServiceRegistration<OutboundStreams> outboundStreams;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) throws IOException {
        try {
            serve(ServerSettings.parse(properties));
        } catch (ConfigRejected e) {
            // Fail closed: a rejected file never falls back to the built-in defaults, which could listen
            // wider than the administrator asked; nothing serves until a valid file arrives (modified).
            LOG.error(e.refusedAtStartLine(ServerConfig.PID, properties.get("felix.fileinstall.filename")));
            banner(List.of());
        }
        // Registered by hand, after activation: the dialback bundle needs OutboundStreams and we bind its
        // Dialback, so a DS-declared service would make SCR activate the two in a circle (null service).
        outboundStreams = context.registerService(OutboundStreams.class, new OutboundStreams() {
            @Override
            public CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
                return ServerComponent.this.verify(query);
            }

            @Override
            public CompletionStage<Optional<X509Certificate>> authoritativeCertificate(String receivingDomain,
                                                                                      String authoritativeDomain) {
                FederationServer s = server.get();
                return s == null ? java.util.concurrent.CompletableFuture.completedFuture(Optional.empty())
                        : s.authoritativeCertificate(receivingDomain, authoritativeDomain);
            }
        }, null);
    }

    /** Starts the server with the first valid configuration. */
    private void serve(ServerSettings settings) throws IOException {
        workers = HandshakeWorkers.create(settings.ioThreads(), HandshakeWorkers.QUEUE);
        FederationServer s = new FederationServer(settings, services, events, Clock.systemUTC(), workers);
        server.set(s);
        banner(s.start());
    }

    @Modified
    void modified(Map<String, Object> properties) throws IOException {
        FederationServer s = server.get();
        try {
            ServerSettings next = ServerSettings.parse(properties);
            if (s == null) {
                LOG.info("Configuration {} is valid now; starting the s2s server", ServerConfig.PID);
                serve(next);
                return;
            }
            if (next.ioThreads() != s.settings().ioThreads()) {
                LOG.warn("io.threads changed from {} to {}; the s2s server keeps {} I/O threads until it restarts "
                        + "(restart Portcullis to apply it)", s.settings().ioThreads(), next.ioThreads(),
                        s.settings().ioThreads());
            }
            List<String> listening = s.reconfigure(next);
            LOG.info("Applied new s2s configuration: listening on {}, {} static route(s), stanza limit {} bytes, "
                    + "negotiation timeout {} s", listening, next.routes().size(), next.maxStanzaSize(),
                    next.negotiationTimeout().toSeconds());
        } catch (ConfigRejected e) {
            Object file = properties.get("felix.fileinstall.filename");
            LOG.error(s == null ? e.refusedAtStartLine(ServerConfig.PID, file) : e.logLine(ServerConfig.PID, file));
        }
    }

    @Deactivate
    void deactivate() {
        if (outboundStreams != null) {
            outboundStreams.unregister();
            outboundStreams = null;
        }
        FederationServer s = server.getAndSet(null);
        if (s != null) {
            s.stop();
            LOG.info("Portcullis s2s server stopped; its streams were closed with <system-shutdown/>");
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void banner(List<String> listening) {
        StringBuilder b = new StringBuilder();
        if (listening.isEmpty()) {
            b.append(server.get() == null
                    ? "Portcullis s2s server is NOT running: etc/" + ServerConfig.PID + ".cfg was rejected (see the "
                            + "error above); it starts once the file is fixed\n"
                    : "Portcullis s2s server is NOT listening (see the error above); outbound federation still works\n");
        }
        for (String l : listening) {
            b.append("Portcullis s2s server listening on ").append(l).append('\n');
        }
        List<LocalIdentity> ids = services.identities();
        if (ids.isEmpty()) {
            b.append("No local domain configured yet: add etc/dev.portcullis.domain-<name>.cfg with domain, "
                    + "certificate and key\n");
        }
        for (LocalIdentity id : ids) {
            b.append("Serving local domain ").append(id.domain()).append(" (certificate ")
                    .append(id.chain().get(0).getSubjectX500Principal().getName()).append(", valid until ")
                    .append(id.chain().get(0).getNotAfter().toInstant()).append(")\n");
        }
        for (String line : b.toString().split("\n")) {
            LOG.info(line);
        }
        System.out.print(b); // the administrator starting the server sees where it listens
        System.out.flush();
    }

    // ---- FederationMonitor (RFC 7590 §3.6)

    @Override
    public List<StreamSecurity> streams() {
        FederationServer s = server.get();
        return s == null ? List.of() : s.streams();
    }

    @Override
    public Optional<StreamSecurity> stream(String streamId) {
        FederationServer s = server.get();
        return s == null ? Optional.empty() : s.stream(streamId);
    }

    @Override
    public List<X509Certificate> peerChain(String streamId) {
        FederationServer s = server.get();
        return s == null ? List.of() : s.peerChain(streamId);
    }

    @Override
    public Optional<Verification> verification(String streamId) {
        FederationServer s = server.get();
        return s == null ? Optional.empty() : s.verification(streamId);
    }

    @Override
    public List<LocalCertificate> localCertificates() {
        return services.domains.stream().map(LocalDomain::status).flatMap(Optional::stream).toList();
    }

    // ---- OutboundStreams (XEP-0220 §2.1.2)

    CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
        FederationServer s = server.get();
        if (s == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(new VerifyAnswer(
                    dev.portcullis.api.dialback.DialbackResultType.ERROR,
                    dev.portcullis.api.dialback.DialbackError.REMOTE_CONNECTION_FAILED,
                    "the s2s server is stopping; db:verify to " + query.authoritativeDomain() + " not sent"));
        }
        return s.verify(query);
    }

    // ---- FederationPing (XEP-0199)

    @Override
    public CompletionStage<PingOutcome> ping(String from, String to) {
        FederationServer s = server.get();
        return s == null ? java.util.concurrent.CompletableFuture.completedFuture(
                new PingOutcome(false, null, "the s2s server is stopping")) : s.ping(from, to);
    }

    FederationServer server() {
        return server.get();
    }

    // ---- references: DYNAMIC, GREEDY, OPTIONAL

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTlsPolicy(TlsPolicy p) {
        bound("TLS policy", services.tls.getAndSet(p) != null);
    }

    void unbindTlsPolicy(TlsPolicy p) {
        unbound("TLS policy", services.tls.compareAndSet(p, null), "STARTTLS is refused with <reset/>");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDomainVerifier(DomainVerifier v) {
        bound("domain verifier", services.verifier.getAndSet(v) != null);
    }

    void unbindDomainVerifier(DomainVerifier v) {
        unbound("domain verifier", services.verifier.compareAndSet(v, null),
                "peers cannot be authenticated and are refused with <reset/>");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPeerLocator(PeerLocator l) {
        bound("peer locator", services.locator.getAndSet(l) != null);
    }

    void unbindPeerLocator(PeerLocator l) {
        unbound("peer locator", services.locator.compareAndSet(l, null),
                "only peers with a static route can be reached");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDialback(Dialback d) {
        bound("dialback", services.dialback.getAndSet(d) != null);
    }

    void unbindDialback(Dialback d) {
        unbound("dialback", services.dialback.compareAndSet(d, null), "dialback is neither offered nor used");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin ea) {
        events.admin.set(ea);
    }

    void unbindEventAdmin(EventAdmin ea) {
        events.admin.compareAndSet(ea, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDomain(LocalDomain d) {
        services.domains.add(d);
        if (server.get() != null) {
            d.identity().ifPresent(id -> {
                LOG.info("Now serving local domain {}", id.domain());
                System.out.println("Serving local domain " + id.domain());
            });
        }
    }

    void unbindDomain(LocalDomain d) {
        services.domains.remove(d);
    }

    private void bound(String what, boolean replaced) {
        LOG.info("{} service {}: new handshakes use it{}", what, replaced ? "replaced" : "bound",
                replaced ? "; established streams keep running" : "");
    }

    private void unbound(String what, boolean wasCurrent, String consequence) {
        if (wasCurrent) {
            LOG.warn("{} service went away: {} until it is back (established streams keep running). "
                    + "Check that its bundle is installed and active (lb in the console)", what, consequence);
        }
    }
}
