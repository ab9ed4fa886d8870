package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9325 §3.5 and §3.10 seen from outside: openssl s_client, a client nobody here wrote, against a real
 * STARTTLS listener whose engines come from the policy ({@link StartTlsResponder}), on both providers.
 */
class TlsExtensionProbeTest {

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void tls12NegotiatesTheExtendedMasterSecretRfc9325Section3_5AndRfc7627(String provider) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy(provider), List.of(identity("beta.test", BETA)))) {
            OpenSsl.Probe p = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2", "-msg");
            assertTrue(p.connected(), p.output());
            assertEquals("TLSv1.2", p.protocol());
            // s_client says "yes" only when the ServerHello echoed extended_master_secret (RFC 7627 §5.2)
            assertEquals("yes", find(p.output(), "Extended master secret: (\\S+)"), p.output());
            assertTrue(serverHelloExtensions(p.output()).contains(0x0017),
                    "extended_master_secret (23) in the ServerHello's extensions " + serverHelloExtensions(p.output()));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void tls13NeverAcceptsEarlyDataRfc9325Section3_10(String provider, @TempDir Path dir) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy(provider), List.of(identity("beta.test", BETA)))) {
            Path session = dir.resolve("session.pem");
            OpenSsl.Probe first = OpenSsl.starttls(r.port(), "beta.test", "\n", "-tls1_3", "-sess_out", session.toString());
            assertTrue(first.connected(), first.output());
            if (!Files.exists(session)) {
                // BCJSSE 1.84 and Conscrypt 2.6.0 (to openssl s_client) send no NewSessionTicket: no PSK, so no
                // 0-RTT is possible at all (RFC 8446 §4.2.10)
                assertTrue(provider.equals("bc") || provider.equals("conscrypt"),
                        "only BCJSSE and Conscrypt issue no TLS 1.3 ticket here\n" + first.output());
                assertFalse(first.output().contains("Max Early Data"), first.output());
                return;
            }
            // the ticket's early_data extension would carry max_early_data_size; without it, 0 (RFC 8446 §4.6.1)
            assertEquals("0", find(sessionText(session), "Max Early Data: (\\d+)"), "the ticket allows no early data");
            Path early = dir.resolve("early.txt");
            Files.writeString(early, "<message to='x@beta.test'/>");
            OpenSsl.Probe again = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3", "-sess_in", session.toString(),
                    "-early_data", early.toString());
            assertTrue(again.output().contains("Reused, TLSv1.3"), "the resumption 0-RTT would ride on\n" + again.output());
            assertEquals("not sent", find(again.output(), "Early data was (not sent|rejected|accepted)"), again.output());
        }
    }

    /** The extension types of the ServerHello in s_client's {@code -msg} hex dump (RFC 5246 §7.4.1.3). */
    private static List<Integer> serverHelloExtensions(String output) {
        Matcher m = Pattern.compile("<<< TLS 1\\.2, Handshake \\[length ([0-9a-f]+)\\], ServerHello\\R((?:\\s+[0-9a-f]{2}(?: [0-9a-f]{2})*\\R)+)")
                .matcher(output);
        if (!m.find()) {
            throw new AssertionError("no ServerHello in s_client -msg output\n" + output);
        }
        String[] hex = m.group(2).trim().split("\\s+");
        byte[] b = new byte[hex.length];
        for (int i = 0; i < hex.length; i++) {
            b[i] = (byte) Integer.parseInt(hex[i], 16);
        }
        int pos = 4 + 2 + 32; // handshake header, server_version, random
        pos += 1 + (b[pos] & 0xff); // session_id
        pos += 2 + 1; // cipher_suite, compression_method
        int end = pos + 2 + (((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
        pos += 2;
        List<Integer> types = new java.util.ArrayList<>();
        while (pos + 4 <= end) {
            types.add(((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
            pos += 4 + (((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff));
        }
        return types;
    }

    private static String sessionText(Path session) throws Exception {
        Process p = new ProcessBuilder(OpenSsl.binary().toString(), "sess_id", "-in", session.toString(), "-noout", "-text")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
