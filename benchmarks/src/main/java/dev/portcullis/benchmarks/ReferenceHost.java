package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import dev.portcullis.testkit.IssuedCertificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reference host from the real distribution ({@code bin/portcullis run}), serving {@code a.test}, PKIX
 * against the run's test CA only (no DNS leaves the machine), with a static route for every origin domain to
 * the load generator's {@link ReplyServer} (s2s streams are one-way: the pong comes back on the host's stream).
 */
final class ReferenceHost implements ServerUnderTest {
    static final String DOMAIN = "a.test";
    final PortcullisHome home;
    private final InetSocketAddress address;
    private final long pid;

    private final String label;
    private final String tlsOutcome;

    ReferenceHost(OriginDomains origins, ReplyServer replies, Path caFile, Map<String, String> serverExtras) {
        this("Portcullis reference host", origins.ca().issue(DOMAIN).dnsName(DOMAIN).xmppAddr(DOMAIN).build(),
                origins.names(), replies.port(), caFile, serverExtras, Map.of());
    }

    /**
     * @param routed    origin domains the host may need to answer (a static route each to {@code replyPort})
     * @param tlsConfig {@code dev.portcullis.tls} settings, e.g. {@code provider = conscrypt}; empty: the defaults
     */
    ReferenceHost(String label, IssuedCertificate certificate, List<String> routed, int replyPort, Path caFile,
                  Map<String, String> serverExtras, Map<String, String> tlsConfig) {
        this.label = label;
        int port = ProsodyServer.freePort("127.0.0.1");
        this.address = new InetSocketAddress("127.0.0.1", port);
        home = PortcullisHome.create("load");
        StringBuilder routes = new StringBuilder();
        for (String d : routed) {
            routes.append(routes.length() == 0 ? "" : ",").append(d).append("=127.0.0.1:").append(replyPort);
        }
        Map<String, String> server = new HashMap<>(Map.of("listen", "127.0.0.1:" + port, "routes", routes.toString()));
        server.putAll(serverExtras);
        home.config("dev.portcullis.server", server);
        home.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(),
                "dns.servers", "127.0.0.1:" + ProsodyServer.freePort("127.0.0.1")));
        if (!tlsConfig.isEmpty()) {
            home.config("dev.portcullis.tls", tlsConfig);
        }
        home.domain(DOMAIN, certificate);
        try {
            home.start();
        home.awaitLog("listening on xmpp://" + Pattern.quote("127.0.0.1:" + port), Duration.ofSeconds(90));
        // what the TLS policy made of the configuration, from the host's own log (never assumed)
        String outcome;
        try {
            outcome = home.awaitLog("TLS policy in force|Rejected configuration dev\\.portcullis\\.tls",
                    Duration.ofSeconds(120)); // on a loaded machine the policy can activate well after the listener
        } catch (AssertionError e) {
            outcome = "(the host logged neither 'TLS policy in force' nor a rejection of dev.portcullis.tls within 120 s)";
        }
            this.tlsOutcome = outcome;
            this.pid = ProcessStats.findDescendant(home.dir().toString())
                    .orElseThrow(() -> new IllegalStateException("cannot find the host's process for " + home.dir()));
        } catch (RuntimeException | Error e) {
            home.close(); // no host left running behind a failed start
            throw e;
        }
    }

    /** The host's log line saying which TLS provider is in force, or why the configuration was rejected. */
    String tlsOutcome() {
        return tlsOutcome;
    }

    /** Log lines (at most {@code max}) that mention {@code word}, case-insensitively, e.g. a provider falling back. */
    List<String> logLines(String word, int max) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        return home.log().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains(w)).limit(max).toList();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        home.close();
    }
}
