package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import dev.portcullis.testkit.host.AdminResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** What the scenes share: pinging across the federation, finding and awaiting streams, comparing fingerprints. */
final class Scenes {
    static final Duration STREAM_WAIT = Duration.ofSeconds(10);
    static final Duration PING_WAIT = Duration.ofSeconds(8);

    private Scenes() {
    }

    /** The seven scenes, in the order they are played. */
    static List<Scene> all() {
        return List.of(new PkixScene(), new DaneScene(), new PoshScene(), new DialbackScene(), new StripTlsScene(),
                new Tls11Scene(), new CertificateChangeScene());
    }

    /**
     * {@code portcullis:ping from to} on {@code host} (XEP-0199): opens the streams the scene looks at. The host
     * waits up to 30 s for a pong; the demo gives up sooner, since a lost pong is already the answer.
     */
    static String ping(DemoHost host, String from, String to) throws IOException, InterruptedException {
        Optional<AdminResult> answer = host.admin("portcullis:ping " + from + " " + to, PING_WAIT);
        return answer.map(a -> DemoHost.output(a).strip()).orElse("no pong from " + to + " within " + PING_WAIT.toSeconds() + " s");
    }

    /** The first warning host logged after {@code position} that names {@code peer}: usually why it was refused. */
    static String warningAbout(DemoHost host, long position, String peer) {
        for (String line : host.logSince(position).split("\n")) {
            if (line.contains(peer) && (line.contains(" WARN ") || line.contains(" ERROR "))) {
                return LogLines.message(line);
            }
        }
        return null;
    }

    /**
     * What the host's verifier logged about one prooftype for a peer, e.g. {@code posh: ERROR - ... (RFC 7711 §3)},
     * or null. The DNA verifier logs every prooftype's evidence when a peer is not verified.
     */
    static String proofEvidence(DemoHost host, long position, String peer, String prooftype) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "\\b" + prooftype + ": [A-Z_]+ - .*?\\(RFC [^)]*\\)");
        for (String line : host.logSince(position).split("\\n")) {
            if (line.contains(" " + peer + ":")) {
                java.util.regex.Matcher m = p.matcher(line);
                if (m.find()) {
                    return LogLines.shortenFingerprints(m.group());
                }
            }
        }
        return null;
    }

    /** A failed ping's output, with the host's own explanation when it logged one. */
    static String explainPing(String ping, DemoHost host, long position, String peer) {
        String why = warningAbout(host, position, peer);
        return why == null ? ping : ping + "; host " + host.label() + "'s log: " + why;
    }

    /** How long to wait for the streams of a ping: a failed ping leaves nothing worth waiting for. */
    static Duration waitAfter(String pingOutput) {
        return pong(pingOutput) ? STREAM_WAIT : Duration.ofMillis(500);
    }

    static boolean pong(String pingOutput) {
        return pingOutput.startsWith("pong from");
    }

    static Predicate<StreamView> stream(boolean outbound, String peer) {
        return r -> StreamJson.outbound(r) == outbound && peer.equalsIgnoreCase(String.valueOf(r.peerDomain()));
    }

    static boolean authenticated(StreamView r) {
        return r.authMethod() != null && !"NONE".equals(r.authMethod());
    }

    /** Waits until the host lists an authenticated stream matching {@code which}; empty if none came. */
    static Optional<StreamView> await(DemoHost host, Predicate<StreamView> which, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<StreamView> found = host.streams().stream().filter(which.and(Scenes::authenticated)).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    /** The host's streams with one of these peers, for the scene's table. */
    static List<StreamView> rowsWith(DemoHost host, String... peers) throws IOException {
        List<String> p = List.of(peers);
        return host.streams().stream().filter(r -> r.peerDomain() != null && p.contains(r.peerDomain().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** True when two SHA-256 fingerprints are the same, whatever their colons or case. */
    static boolean sameFingerprint(String a, String b) {
        return a != null && b != null && norm(a).equals(norm(b));
    }

    private static String norm(String s) {
        return s.replace(":", "").toLowerCase(Locale.ROOT);
    }

    static String describe(Optional<StreamView> r) {
        return r.map(Scenes::describe).orElse("no such authenticated stream");
    }

    static String describe(StreamView r) {
        return (r.encrypted() ? r.tlsVersion() + " " + r.cipherSuite() : "PLAINTEXT") + ", authenticated by "
                + StreamTable.auth(r.authMethod()) + ", proof " + (r.prooftype() == null ? "none" : r.prooftype());
    }

    /** True for TLS 1.2 and 1.3, the versions RFC 9325 §3.1.1 allows. */
    static boolean modernTls(StreamView r) {
        return r.encrypted() && ("TLSv1.3".equals(r.tlsVersion()) || "TLSv1.2".equals(r.tlsVersion()));
    }
}
