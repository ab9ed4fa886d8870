package dev.portcullis.it.server;

import java.io.ByteArrayOutputStream;
import dev.portcullis.it.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A hostile or hand-driven s2s peer on a plain socket: sends exactly the bytes a test gives it. */
final class RawPeer implements AutoCloseable {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='evil.test' to='a.test' version='1.0'>";

    Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawPeer(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
    }

    RawPeer send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawPeer send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until {@code marker} appears in what was received; returns everything received so far. */
    String readUntil(String marker, Duration timeout) throws IOException {
        return Wire.readUntil(socket, received, marker, timeout);
    }

    /** Reads until the server closes the connection; returns everything received. Fails on timeout. */
    String readToEnd(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the server did not close the connection within " + timeout + "; received: " + text());
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return text();
                }
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // loop checks the deadline
            } catch (IOException e) {
                return text(); // reset by the server after its error: also closed
            }
        }
    }

    /** Reads until a complete {@code <stream:features>} element (or an empty one) has arrived. */
    String readFeatures(Duration timeout) throws IOException {
        readUntil("<stream:features", timeout);
        long end = System.nanoTime() + timeout.toNanos();
        while (!text().contains("</stream:features>") && !text().matches("(?s).*<stream:features[^>]*/>.*")) {
            if (System.nanoTime() > end) {
                throw new AssertionError("incomplete features: " + text());
            }
            readSome();
        }
        return text();
    }

    private void readSome() throws IOException {
        socket.setSoTimeout(200);
        byte[] buf = new byte[8192];
        try {
            int n = socket.getInputStream().read(buf);
            if (n < 0) {
                throw new AssertionError("connection closed; received: " + text());
            }
            received.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            // caller checks its deadline
        }
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    void clear() {
        received.reset();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
