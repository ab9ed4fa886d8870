package dev.portcullis.openfire.it;

import dev.portcullis.testkit.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code openssl s_client -starttls xmpp-server} against an s2s port: which protocol and suite were negotiated. */
final class OpenSslProbe {

    private static final Pattern NEGOTIATED = Pattern.compile("New, (\\S+), Cipher is (\\S+)");

    /** The outcome: {@code protocol} and {@code cipher} are {@code "(NONE)"} when the handshake was refused. */
    record Result(String protocol, String cipher, String output) {
        boolean negotiated() {
            return !"(NONE)".equals(cipher);
        }
    }

    private OpenSslProbe() {
    }

    /**
     * @param versionFlag {@code -tls1_2}, {@code -tls1_3}, {@code -tls1_1}
     * @param cipher      an OpenSSL TLS 1.2 cipher name, or {@code null} for the default list
     */
    static Result probe(String host, int port, String xmppHost, String versionFlag, String cipher)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RequiredTool.require("openssl", "openssl").toString(), "s_client",
                "-connect", host + ":" + port, "-starttls", "xmpp-server", "-xmpphost", xmppHost, versionFlag));
        if (cipher != null) {
            cmd.addAll(List.of("-cipher", cipher));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close(); // EOF on stdin: s_client ends after the handshake
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl s_client did not finish: " + String.join(" ", cmd));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        Matcher m = NEGOTIATED.matcher(text);
        if (!m.find()) {
            throw new AssertionError("openssl s_client printed no handshake summary (did STARTTLS fail?):\n" + text);
        }
        String protocol = m.group(1).replace(",", "");
        return new Result(protocol, m.group(2), text);
    }
}
