package dev.portcullis.benchmarks;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.ReplyServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's Prosody 0.12 serving {@code p.test} with the same test CA, resolving through a BIND on loopback
 * whose {@code test.} zone sends every origin domain's {@code _xmpp-server._tcp} SRV to the load generator's
 * {@link ReplyServer} and disables {@code _xmpps-server._tcp} (target ".", RFC 2782), so Prosody's pong stream
 * takes the same STARTTLS path as the reference host's.
 */
final class ProsodyUnderTest implements ServerUnderTest {
    static final String DOMAIN = "p.test";
    private final BindServer dns;
    private final ProsodyServer prosody;
    private final long pid;

    ProsodyUnderTest(OriginDomains origins, ReplyServer replies, Path caFile, Path dir) throws IOException, InterruptedException {
        this(origins.ca().issue(DOMAIN).dnsName(DOMAIN).xmppAddr(DOMAIN).build(), origins.names(), replies.port(), caFile, dir);
    }

    /** @param routed origin domains Prosody may need to answer: an SRV record each pointing at {@code replyPort} */
    ProsodyUnderTest(IssuedCertificate cert, java.util.List<String> routed, int replyPort, Path caFile, Path dir)
            throws IOException, InterruptedException {
        BindServer.Builder b = BindServer.builder(dir.resolve("dns"), "test").parentRecord("reply 300 IN A 127.0.0.1");
        for (String d : routed) {
            String label = d.substring(0, d.length() - ".test".length());
            b.parentRecord("_xmpp-server._tcp." + label + " 300 IN SRV 0 0 " + replyPort + " reply.test.");
            b.parentRecord("_xmpps-server._tcp." + label + " 300 IN SRV 0 0 0 .");
        }
        dns = b.start();
        IssuedCertificate.Pem pem = cert.writePem(Files.createDirectories(dir.resolve("prosody-certs")), DOMAIN);
        prosody = ProsodyServer.builder(dir.resolve("prosody"))
                .host(DOMAIN, pem)
                .caFile(caFile)
                .dnsServer(dns.port())
                .secureAuth(true)
                .start();
        // the harness logs at debug, which would measure the disk: switch to info at runtime (a second "log ="
        // line in the config trips a Prosody 0.12.3 bug in its duplicate-option warning)
        String out = prosody.shell(">require'core.configmanager'.set('*', 'log', { info = '"
                + dir.resolve("prosody/prosody.log") + "' }); require'core.loggingmanager'.reload_logging(); return 'relogged'",
                java.time.Duration.ofSeconds(20));
        if (!out.contains("relogged")) {
            throw new IllegalStateException("cannot lower Prosody's log level: " + out);
        }
        ProcessHandle p = ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains(dir.toString()) && c.contains("prosody")).orElse(false))
                .filter(h -> h.info().command().map(c -> c.contains("lua")).orElse(false))
                .findFirst()
                .orElseGet(() -> ProcessHandle.current().descendants()
                        .filter(h -> h.info().commandLine().map(c -> c.contains("prosody.cfg.lua")).orElse(false))
                        .findFirst().orElseThrow());
        this.pid = p.pid();
    }

    @Override
    public String label() {
        return "Prosody 0.12 (Debian)";
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(prosody.address(), prosody.s2sPort());
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
        prosody.stop();
        dns.close();
    }
}
