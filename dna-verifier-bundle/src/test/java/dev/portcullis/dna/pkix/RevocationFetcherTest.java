package dev.portcullis.dna.pkix;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The responder is named by the peer's certificate: what it says reaches our logs only escaped and bounded. */
class RevocationFetcherTest {
    @Test
    void aResponderCannotWriteControlCharactersIntoOurMessagesCwe117() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read(new byte[4096]);
                    out.write("\u001b[2J2026-01-01 ERROR forged\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // the client gave up
                }
            });
            t.start();
            RevocationFetcher fetcher = new RevocationFetcher(Duration.ofSeconds(5));
            try {
                ExecutionException e = assertThrows(ExecutionException.class, () -> fetcher.ocsp(
                        URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), new byte[] {0x30, 0})
                        .toCompletableFuture().get(10, TimeUnit.SECONDS));
                String message = e.getCause().getMessage();
                assertFalse(message.chars().anyMatch(Character::isISOControl), message);
                assertTrue(message.contains("\\u001b[2J2026-01-01 ERROR forged"), message);
            } finally {
                fetcher.close();
                t.join(5000);
            }
        }
    }
}
