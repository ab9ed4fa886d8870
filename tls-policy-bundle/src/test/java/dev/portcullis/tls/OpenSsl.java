package dev.portcullis.tls;

import dev.portcullis.testkit.RequiredTool;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code openssl s_client -starttls xmpp-server} against a loopback port, as an XMPP peer would. */
final class OpenSsl {

    /** What s_client reported. */
    record Probe(int exitCode, String output) {
        boolean connected() {
            return exitCode == 0 && protocol() != null && cipher() != null && !"(NONE)".equals(cipher());
        }

        /** From s_client's "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384" line. */
        String protocol() {
            return find("New, (\\S+), Cipher is \\S+");
        }

        String cipher() {
            return find("New, \\S+, Cipher is (\\S+)");
        }

        /** True when the server answered the ClientHello with an alert, i.e. the server refused. */
        boolean refusedByServer() {
            return exitCode != 0 && output.matches("(?s).*alert (protocol version|handshake failure|insufficient security|illegal parameter).*");
        }

        private String find(String regex) {
            Matcher m = Pattern.compile(regex).matcher(output);
            return m.find() ? m.group(1) : null;
        }
    }

    private OpenSsl() {
    }

    static Path binary() {
        return RequiredTool.require("openssl", "openssl");
    }

    /**
     * @param xmppHost the stream's {@code to} ({@code -xmpphost})
     * @param options  protocol and cipher options, e.g. {@code -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256}
     * @param stdin    what to type after the handshake ({@code R} asks for renegotiation), or {@code null}
     */
    static Probe starttls(int port, String xmppHost, String stdin, String... options) throws Exception {
        return starttlsFrom(port, xmppHost, null, stdin, options);
    }

    /**
     * As {@link #starttls}, with {@code from='…'} in the stream header. s_client writes no {@code from}
     * of its own but pastes {@code -xmpphost} verbatim into {@code to='…'}, so {@code a.test' from='b.test}
     * yields the header an s2s initiating entity sends (RFC 6120 §4.7.1).
     */
    static Probe starttlsFrom(int port, String xmppHost, String from, String stdin, String... options) throws Exception {
        String host = from == null ? xmppHost : xmppHost + "' from='" + from;
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-starttls", "xmpp-server", "-xmpphost", host));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            Thread.sleep(1500);
            p.getOutputStream().close();
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl s_client hung: " + cmd);
        }
        return new Probe(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
