package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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

    ReferenceHost(OriginDomains origins, ReplyServer replies, Path caFile, Map<String, String> serverExtras) {
        int port = ProsodyServer.freePort("127.0.0.1");
        this.address = new InetSocketAddress("127.0.0.1", port);
        home = PortcullisHome.create("load");
        StringBuilder routes = new StringBuilder();
        for (String d : origins.names()) {
            routes.append(routes.length() == 0 ? "" : ",").append(d).append("=127.0.0.1:").append(replies.port());
        }
        Map<String, String> server = new HashMap<>(Map.of("listen", "127.0.0.1:" + port, "routes", routes.toString()));
        server.putAll(serverExtras);
        home.config("dev.portcullis.server", server);
        home.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(),
                "dns.servers", "127.0.0.1:" + ProsodyServer.freePort("127.0.0.1")));
        home.domain(DOMAIN, origins.ca().issue(DOMAIN).dnsName(DOMAIN).xmppAddr(DOMAIN).build());
        home.start();
        home.awaitLog("listening on xmpp://" + Pattern.quote("127.0.0.1:" + port), Duration.ofSeconds(60));
        this.pid = ProcessStats.findDescendant(home.dir().toString())
                .orElseThrow(() -> new IllegalStateException("cannot find the host's process for " + home.dir()));
    }

    @Override
    public String label() {
        return "Portcullis reference host";
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
