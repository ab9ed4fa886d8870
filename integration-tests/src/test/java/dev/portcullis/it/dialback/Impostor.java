package dev.portcullis.it.dialback;

import java.io.ByteArrayOutputStream;
import dev.portcullis.it.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-driven initiating server that claims a domain it does not own: opens an s2s stream to our host,
 * negotiates STARTTLS (RFC 6120 §5) without a client certificate, and then sends whatever dialback elements a
 * test gives it. It trusts any server certificate: it is the attacker, not a peer we configure.
 */
public final class Impostor implements AutoCloseable {
    private static final Pattern STREAM_ID = Pattern.compile("<stream:stream[^>]*\\sid=['\"]([^'\"]+)['\"]");

    private Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final String claimed;
    private final String target;
    public String streamId;

    private Impostor(String claimed, String target) {
        this.claimed = claimed;
        this.target = target;
    }

    /** Connects, negotiates TLS and opens the stream over it; {@link #streamId} is the ID our host issued. */
    public static Impostor connect(String host, int port, String claimed, String target) throws IOException {
        Impostor i = new Impostor(claimed, target);
        i.socket = new Socket();
        i.socket.connect(new InetSocketAddress(host, port), 5000);
        i.send(i.header());
        i.readUntil("</stream:features>", Duration.ofSeconds(10));
        i.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        i.readUntil("<proceed", Duration.ofSeconds(10));
        i.received.reset();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new AnyServer()}, null);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(i.socket, host, port, true);
            s.setUseClientMode(true);
            s.startHandshake();
            i.socket = s;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the impostor", e);
        }
        i.send(i.header());
        String features = i.readUntil("</stream:features>", Duration.ofSeconds(10));
        Matcher m = STREAM_ID.matcher(features);
        if (!m.find()) {
            throw new AssertionError("no stream id in our host's stream header: " + features);
        }
        i.streamId = m.group(1);
        i.received.reset();
        return i;
    }

    private String header() {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='" + claimed + "' to='" + target + "' version='1.0'>";
    }

    /** XEP-0220 §2.1.1 step 1, with whatever key the impostor likes. */
    public Impostor sendResult(String key) throws IOException {
        return send("<db:result from='" + claimed + "' to='" + target + "'>" + key + "</db:result>");
    }

    Impostor send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until {@code marker} appears; returns everything received so far. */
    public String readUntil(String marker, Duration timeout) throws IOException {
        return Wire.readUntil(socket, received, marker, timeout);
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The impostor does not care whom it talks to. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
