package dev.portcullis.checker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens the TCP connection to an endpoint and, for STARTTLS endpoints, negotiates up to {@code <proceed/>}
 * (RFC 6120 §5.4.2), so that every TLS handshake — the default one and each probe — starts the way a peer's would.
 */
final class Connector {
    /** A connected socket ready for a TLS ClientHello, and what the server said in plaintext. */
    record Ready(Socket socket, boolean startTlsOffered, boolean startTlsRequired) {
    }

    private final String domain;
    private final String from;
    private final Duration timeout;

    Connector(String domain, String from, Duration timeout) {
        this.domain = domain;
        this.from = from;
        this.timeout = timeout;
    }

    String domain() {
        return domain;
    }

    String from() {
        return from;
    }

    Ready open(Endpoint endpoint, InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            if (endpoint.directTls()) {
                return new Ready(s, false, false);
            }
            XmppStream stream = new XmppStream(s.getInputStream(), s.getOutputStream());
            XmppStream.Opened opened = stream.open(from, domain);
            var starttls = opened.features().child(dev.portcullis.stream.Namespaces.TLS, "starttls");
            boolean required = starttls != null
                    && starttls.child(dev.portcullis.stream.Namespaces.TLS, "required") != null;
            // RFC 7590 §3.1: attempt STARTTLS even when the feature is absent
            stream.startTls();
            return new Ready(s, starttls != null, required);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
