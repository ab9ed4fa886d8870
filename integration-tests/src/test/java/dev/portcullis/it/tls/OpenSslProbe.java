package dev.portcullis.it.tls;

import dev.portcullis.testkit.RequiredTool;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code openssl s_client}, a TLS client nobody here wrote, probing a loopback s2s port. */
record OpenSslProbe(int exitCode, String output) {

    /**
     * STARTTLS as an XMPP server would ({@code -starttls xmpp-server -xmpphost <domain>}), exactly as s_client
     * sends it: its stream header has no {@code from}, which an initiating server may leave out before TLS
     * (RFC 6120 §4.7.1).
     */
    static OpenSslProbe starttls(int port, String xmppHost, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("-connect", "127.0.0.1:" + port, "-starttls", "xmpp-server",
                "-xmpphost", xmppHost));
        cmd.addAll(List.of(options));
        return run(cmd);
    }

    /**
     * As {@link #starttls}, naming {@code from} before TLS (for per-peer policy overrides, which key on it):
     * s_client pastes {@code -xmpphost} verbatim into {@code to='…'}, so {@code a.test' from='b.test} adds it.
     */
    static OpenSslProbe starttlsFrom(int port, String xmppHost, String from, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("-connect", "127.0.0.1:" + port, "-starttls", "xmpp-server",
                "-xmpphost", xmppHost + "' from='" + from));
        cmd.addAll(List.of(options));
        return run(cmd);
    }

    /** Direct TLS (XEP-0368), naming {@code sni} in SNI as XEP-0368 requires. */
    static OpenSslProbe direct(int port, String sni, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("-connect", "127.0.0.1:" + port, "-servername", sni));
        cmd.addAll(List.of(options));
        return run(cmd);
    }

    private static OpenSslProbe run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RequiredTool.require("openssl", "openssl").toString(), "s_client"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl s_client hung: " + cmd);
        }
        return new OpenSslProbe(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    boolean connected() {
        return exitCode == 0 && protocol() != null && cipher() != null && !"(NONE)".equals(cipher());
    }

    /** From "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384". */
    String protocol() {
        return find("New, (\\S+), Cipher is \\S+");
    }

    String cipher() {
        return find("New, \\S+, Cipher is (\\S+)");
    }

    /** The server answered the ClientHello with an alert: the server refused, not the client. */
    boolean refusedByServer() {
        return exitCode != 0
                && output.matches("(?s).*alert (protocol version|handshake failure|insufficient security|illegal parameter).*");
    }

    private String find(String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        return m.find() ? m.group(1) : null;
    }
}
