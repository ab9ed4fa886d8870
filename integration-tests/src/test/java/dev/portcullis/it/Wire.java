package dev.portcullis.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Reading a raw XMPP peer's socket in tests that play the peer by hand. */
public final class Wire {
    private Wire() {
    }

    /**
     * Reads from {@code socket} into {@code received} until its text contains {@code marker}; returns all the
     * text received so far. Fails with what was received when the marker does not come in time or the peer
     * closes first.
     */
    public static String readUntil(Socket socket, ByteArrayOutputStream received, String marker, Duration timeout)
            throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        while (!text(received).contains(marker)) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no '" + marker + "' within " + timeout + "; received: " + text(received));
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("connection closed before '" + marker + "'; received: " + text(received));
                }
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // the loop checks the deadline
            }
        }
        return text(received);
    }

    private static String text(ByteArrayOutputStream received) {
        return received.toString(StandardCharsets.UTF_8);
    }
}
