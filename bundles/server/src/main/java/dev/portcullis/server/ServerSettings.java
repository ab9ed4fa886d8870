package dev.portcullis.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated {@code dev.portcullis.server} configuration. {@link #parse} reads the raw ConfigAdmin
 * properties (FileInstall hands every value over as a string) and rejects the first bad value with
 * {@link ConfigRejected}.
 *
 * @param listen             STARTTLS listener (RFC 6120 §3.2.1)
 * @param directTlsListen    direct-TLS listener (XEP-0368), or {@code null}
 * @param routes             static routes by peer domain
 * @param maxStanzaSize      bytes; larger stanzas get {@code <policy-violation/>} (RFC 6120 §13.12)
 * @param negotiationTimeout time allowed to reach an authenticated state
 * @param idleTimeout        close authenticated streams silent this long; zero disables
 * @param keepaliveInterval  whitespace keepalive after this long without sending (RFC 6120 §4.6.1); zero disables
 * @param outboundQueueLimit stanzas held per domain pair while negotiating
 * @param negotiationMaxElements top-level elements a stream may send before it authenticates (RFC 6120 §4.9.3.14)
 * @param outputLimits       bytes held for peers that do not read (RFC 6120 §13.12)
 * @param ioThreads          reactor threads, and as many workers for TLS handshakes (read at start)
 */
record ServerSettings(HostPort listen, HostPort directTlsListen, Map<String, StaticRoute> routes, int maxStanzaSize,
                      Duration negotiationTimeout, Duration idleTimeout, Duration keepaliveInterval,
                      int outboundQueueLimit, int negotiationMaxElements, OutputLimits outputLimits, int ioThreads) {

    static final String DEFAULT_LISTEN = "127.0.0.1:5269";
    static final int MIN_STANZA_SIZE = 10_000; // RFC 6120 §13.12: at least 10,000 bytes must be accepted

    ServerSettings {
        Objects.requireNonNull(listen, "listen");
        routes = Map.copyOf(routes);
        Objects.requireNonNull(negotiationTimeout, "negotiationTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        Objects.requireNonNull(outputLimits, "outputLimits");
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("ioThreads " + ioThreads);
        }
    }

    static final int MAX_IO_THREADS = 256;

    static ServerSettings parse(Map<String, ?> props) throws ConfigRejected {
        return parse(props, Runtime.getRuntime().availableProcessors());
    }

    /** {@code processors}: the default of {@code io.threads}, one reactor per core. */
    static ServerSettings parse(Map<String, ?> props, int processors) throws ConfigRejected {
        // Without a listen key only loopback is exposed: reaching the network is the administrator's explicit
        // choice (the shipped etc/dev.portcullis.server.cfg makes it), never a silent default.
        HostPort listen = hostPort(props, "listen", DEFAULT_LISTEN);
        Object dt = props.get("directtls.listen");
        HostPort direct = dt == null || dt.toString().isBlank() ? null : hostPort(props, "directtls.listen", null);
        Map<String, StaticRoute> routes = new LinkedHashMap<>();
        for (String r : strings(props.get("routes"))) {
            try {
                StaticRoute route = StaticRoute.parse(r);
                if (routes.put(route.domain(), route) != null) {
                    throw new ConfigRejected("routes", r, "a second route for " + route.domain()
                            + "; give each domain one route");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigRejected("routes", r, e.getMessage());
            }
        }
        int maxStanza = integer(props, "max.stanza.size", 524_288, MIN_STANZA_SIZE, 64 * 1024 * 1024,
                "RFC 6120 §13.12 requires accepting stanzas of at least 10000 bytes");
        int negotiation = integer(props, "negotiation.timeout", 30, 1, 3600, "seconds, between 1 and 3600");
        int idle = integer(props, "idle.timeout", 600, 0, 7 * 24 * 3600, "seconds, 0 to disable");
        int keepalive = integer(props, "keepalive.interval", 60, 0, 24 * 3600, "seconds, 0 to disable");
        if (idle > 0 && keepalive > 0 && keepalive >= idle) {
            // A peer applying the same idle timeout would close the stream before our keepalive reaches it.
            throw new ConfigRejected("keepalive.interval", keepalive,
                    "must be shorter than idle.timeout (" + idle + " s), or the peer may close the stream first");
        }
        int queue = integer(props, "outbound.queue.limit", 256, 1, 100_000, "stanzas, between 1 and 100000");
        int budget = integer(props, "negotiation.max.elements", 500, 10, 1_000_000,
                "elements before authentication, between 10 and 1000000");
        int perConnection = integer(props, "output.limit", 1024 * 1024, 64 * 1024, 256 * 1024 * 1024,
                "bytes queued for one peer before we stop reading from it, 65536 to 268435456");
        int total = integer(props, "output.total.limit", 64 * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE,
                "bytes queued for all peers together");
        if (total < perConnection) {
            throw new ConfigRejected("output.total.limit", total, "must be at least output.limit (" + perConnection
                    + " bytes)");
        }
        int stall = integer(props, "output.stall.timeout", 30, 1, 3600, "seconds, between 1 and 3600");
        int io = integer(props, "io.threads", Math.min(Math.max(1, processors), MAX_IO_THREADS), 1, MAX_IO_THREADS,
                "I/O threads, between 1 and " + MAX_IO_THREADS + "; leave it out for one per available processor");
        return new ServerSettings(listen, direct, routes, maxStanza, Duration.ofSeconds(negotiation),
                Duration.ofSeconds(idle), Duration.ofSeconds(keepalive), queue, budget,
                new OutputLimits(perConnection, total, Duration.ofSeconds(stall)), io);
    }

    private static HostPort hostPort(Map<String, ?> props, String key, String def) throws ConfigRejected {
        Object v = props.get(key);
        String text = v == null ? def : v.toString();
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigRejected(key, text, e.getMessage());
        }
    }

    private static int integer(Map<String, ?> props, String key, int def, int min, int max, String rule)
            throws ConfigRejected {
        Object v = props.get(key);
        if (v == null || v.toString().isBlank()) {
            return def;
        }
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigRejected(key, v, "not a whole number (" + rule + ")");
        }
        if (n < min || n > max) {
            throw new ConfigRejected(key, v, "out of range " + min + "-" + max + " (" + rule + ")");
        }
        return (int) n;
    }

    /** FileInstall gives a comma-separated string; ConfigAdmin may give an array or a collection. */
    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String[] arr) {
            for (String s : arr) {
                out.addAll(strings(s));
            }
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.addAll(strings(o));
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
