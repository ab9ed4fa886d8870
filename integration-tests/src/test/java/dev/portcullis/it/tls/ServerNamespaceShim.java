package dev.portcullis.it.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Lets a client that only speaks client-to-server XMPP STARTTLS (testssl.sh 3.0.8 has no xmpp-server mode)
 * probe a real s2s port: the namespace of the first stream header it sends is rewritten to the server
 * namespace ({@code jabber:server}, RFC 6120 §4.8.2), and nothing else: no {@code from} is added, since an
 * initiating server may omit it before TLS (RFC 6120 §4.7.1). Every other byte, the TLS handshake included,
 * is relayed untouched, so what is measured is the s2s port's own TLS.
 */
final class ServerNamespaceShim implements AutoCloseable {
    private static final int MAX_HEADER = 4096;

    private final ServerSocket listener;
    private final InetSocketAddress target;

    ServerNamespaceShim(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "s2s-namespace-shim");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> relay(client), "s2s-namespace-shim-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket(target.getAddress(), target.getPort())) {
            client.setSoTimeout(60_000);
            server.setSoTimeout(60_000);
            server.getOutputStream().write(rewrittenHeader(client.getInputStream()));
            Thread back = new Thread(() -> pipe(server, client), "s2s-namespace-shim-back");
            back.setDaemon(true);
            back.start();
            pipe(client, server);
            back.join(60_000);
        } catch (IOException | InterruptedException e) {
            // the scanner closes connections at will; nothing to report
        }
    }

    /** Reads up to the end of the {@code <stream:stream …>} open tag and rewrites it for s2s. */
    private byte[] rewrittenHeader(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && seen.size() < MAX_HEADER) {
            seen.write(c);
            String s = seen.toString(StandardCharsets.UTF_8);
            if (c == '>' && s.contains("<stream:stream") && !s.endsWith("?>")) {
                String header = s.replace("'jabber:client'", "'jabber:server'").replace("\"jabber:client\"", "'jabber:server'");
                return header.getBytes(StandardCharsets.UTF_8);
            }
        }
        return seen.toByteArray();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
