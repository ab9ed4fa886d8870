package dev.portcullis.server;

import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.StreamSecurity;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands for administrators: {@code portcullis:streams [--json]}, {@code portcullis:stream <id>},
 * {@code portcullis:ping <from> <to>} (RFC 7590 §3.6, XEP-0199), {@code portcullis:certificates} (our own). Public because Gogo calls it reflectively.
 * A command that fails throws: {@link CommandFailure} when it ran and failed, {@link IllegalArgumentException}
 * for arguments it does not take; the admin channel turns those into exit statuses 1 and 2.
 */
@Component(service = FederationCommands.class, property = {
        "osgi.command.scope=portcullis",
        "osgi.command.function=streams",
        "osgi.command.function=stream",
        "osgi.command.function=ping",
        "osgi.command.function=certificates"})
public final class FederationCommands {
    private final FederationMonitor monitor;
    private final FederationPing pinger;

    @Activate
    public FederationCommands(@Reference FederationMonitor monitor, @Reference FederationPing pinger) {
        this.monitor = monitor;
        this.pinger = pinger;
    }

    /** One row per live stream: encryption, TLS version, cipher suite, authentication, certificate. */
    public String streams() {
        return StreamReports.table(monitor.streams());
    }

    /** {@code --json} prints the same facts as JSON for scripts. */
    public String streams(String option) {
        if ("--json".equals(option) || "-j".equals(option)) {
            return StreamReports.json(monitor.streams());
        }
        throw new IllegalArgumentException("unknown option '" + option + "'; usage: portcullis:streams [--json]");
    }

    /**
     * The certificate each local domain presents now: file, SHA-256, expiry, and whether a 30/7/1-day warning is
     * due (RFC 6120 §13.7.2), one line each.
     */
    public String certificates() {
        StringBuilder b = new StringBuilder();
        for (dev.portcullis.api.stream.LocalCertificate c : monitor.localCertificates()) {
            long days = java.time.Duration.between(java.time.Instant.now(), c.notAfter()).toDays();
            b.append(c.domain()).append("  ").append(c.certificateFile()).append("  SHA-256 ").append(c.sha256())
                    .append("  expires ").append(c.notAfter()).append(" (").append(days).append(" days)")
                    .append(c.expiresSoon() ? "  RENEW: warned " + c.warnedDays() + " day(s) ahead" : "")
                    .append("  loaded ").append(c.loaded()).append('\n');
        }
        if (b.length() == 0) {
            throw new CommandFailure("no local domain has a certificate loaded; add etc/dev.portcullis.domain-<name>.cfg");
        }
        return b.toString();
    }

    /** One stream in detail, with the peer's certificate chain. */
    public String stream(String id) {
        Optional<StreamSecurity> s = monitor.stream(id);
        if (s.isEmpty()) {
            throw new CommandFailure("no stream " + id + "; list them with portcullis:streams");
        }
        StreamSecurity x = s.get();
        StringBuilder b = new StringBuilder();
        b.append("Stream ").append(x.streamId()).append(" (").append(x.direction().name().toLowerCase(java.util.Locale.ROOT))
                .append(", established ").append(x.established()).append(")\n");
        b.append("  local domain:    ").append(StreamReports.nz(x.localDomain())).append('\n');
        b.append("  peer domain:     ").append(StreamReports.nz(x.peerDomain())).append('\n');
        b.append("  authenticated:   ").append(x.authenticatedDomains()).append(" by ").append(x.authMethod())
                .append(x.provenBy() == null ? "" : ", certificate proven by " + x.provenBy()).append('\n');
        b.append("  encrypted:       ").append(x.encrypted() ? "yes, " + x.tlsProtocol() + " " + x.cipherSuite()
                : "NO - stanzas on this stream can be read and changed by anyone on the path").append('\n');
        if (x.verdict() != null) {
            b.append("  TLS policy:      ").append(x.verdict().profile()).append(x.verdict().accepted() ? ", accepted"
                    : ", violations: " + x.verdict().violations()).append('\n');
        }
        if (x.certificateChange() != null) {
            b.append("  certificate:     ").append(x.certificateChange().kind())
                    .append(x.certificateChangeWarning() ? " - WARNING: the peer's key changed; previous certificate "
                            + x.certificateChange().previousFingerprint() : "").append('\n');
        }
        b.append("  peer certificate chain:\n").append(CertificateReport.describe(monitor.peerChain(id)));
        return b.toString();
    }

    /**
     * Sends an XEP-0199 ping from a local domain to a remote one and prints {@code pong from <to> in <ms> ms};
     * without a pong it fails with the reason.
     */
    public String ping(String from, String to) {
        PingOutcome o;
        try {
            o = pinger.ping(from, to).toCompletableFuture()
                    .get(FederationServer.PING_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new CommandFailure("no pong from " + to + ": no answer in time");
        } catch (ExecutionException e) {
            throw new CommandFailure("no pong from " + to + ": the ping could not be sent (" + e.getCause()
                    + "); see data/log/portcullis.log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("no pong from " + to + ": interrupted while waiting");
        }
        if (!o.success()) {
            throw new CommandFailure("no pong from " + to + ": " + o.detail());
        }
        return String.format(java.util.Locale.ROOT, "pong from %s in %.3f ms", to, o.roundTrip().toNanos() / 1_000_000.0);
    }
}
