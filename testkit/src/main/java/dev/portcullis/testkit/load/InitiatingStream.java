package dev.portcullis.testkit.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One s2s stream from an origin domain to the server under test, negotiated in full: TCP, stream open
 * (RFC 6120 §4.7), STARTTLS (§5.4), TLS 1.3 with the origin's client certificate, stream restart, SASL
 * EXTERNAL (XEP-0178 §3), stream restart (§6.4.6). Then it can send stanzas and is otherwise idle.
 */
public final class InitiatingStream implements AutoCloseable {
    private final String from;
    private final String to;
    private final Socket tcp;
    private SSLSocket tls;
    private OutputStream out;
    private volatile boolean closed;

    private InitiatingStream(String from, String to, Socket tcp) {
        this.from = from;
        this.to = to;
        this.tcp = tcp;
    }

    static String header(String from, String to) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='" + from + "' to='" + to + "' version='1.0'>";
    }

    /** Negotiates a stream; throws {@link LoadException} naming the step that failed. */
    public static InitiatingStream open(InetSocketAddress server, String from, String to, OriginDomains origins,
                                        long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Socket s = new Socket();
        InitiatingStream st = new InitiatingStream(from, to, s);
        try {
            s.setTcpNoDelay(true);
            s.connect(server, (int) timeoutMillis);
            st.out = s.getOutputStream();
            XmppReader r = new XmppReader(s);
            st.write(header(from, to));
            String f = r.features(deadline);
            if (!f.contains("urn:ietf:params:xml:ns:xmpp-tls")) {
                throw new LoadException("no STARTTLS offered by " + to + " (RFC 6120 §5.3.1): " + f);
            }
            st.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            r.until("<proceed", deadline);
            r.until(">", deadline);

            SSLSocket t = (SSLSocket) origins.context(from).getSocketFactory().createSocket(s, to, server.getPort(), true);
            SSLParameters p = t.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setServerNames(List.of(new SNIHostName(to)));
            p.setEndpointIdentificationAlgorithm(null); // the server's identity is the server's business, not the load's
            t.setSSLParameters(p);
            t.setUseClientMode(true);
            t.setSoTimeout((int) timeoutMillis);
            t.startHandshake();
            st.tls = t;
            st.out = t.getOutputStream();
            r = new XmppReader(t);

            st.write(header(from, to));
            f = r.features(deadline);
            if (!f.contains(">EXTERNAL<")) {
                throw new LoadException(to + " does not offer SASL EXTERNAL to " + from + " (XEP-0178 §3): " + f);
            }
            st.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            String answer = r.until(java.util.regex.Pattern.compile("<success[^>]*>|<failure[\\s\\S]*</failure>"), deadline);
            if (!answer.contains("<success")) {
                throw new LoadException(to + " refused SASL EXTERNAL for " + from + ": " + answer);
            }
            st.write(header(from, to));
            r.features(deadline);
            return st;
        } catch (IOException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    /** Sends an XEP-0199 ping from the origin domain to the server (XEP-0199 §4.3); the answer comes back on the server's own stream. */
    public void ping(String id) throws IOException {
        write("<iq type='get' from='" + from + "' to='" + to + "' id='" + id + "'><ping xmlns='urn:xmpp:ping'/></iq>");
    }

    public synchronized void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Whether the server has closed it (checked without blocking: a zero-timeout read). */
    public boolean isOpen() {
        if (closed || tcp.isClosed()) {
            return false;
        }
        Socket s = tls != null ? tls : tcp;
        try {
            s.setSoTimeout(1);
            byte[] b = new byte[512];
            // whitespace keepalives (RFC 6120 §4.6.1) are fine; EOF or a stream error means closed
            int n = s.getInputStream().read(b);
            if (n < 0) {
                return false;
            }
            String got = new String(b, 0, n, StandardCharsets.UTF_8);
            return !got.contains("</stream:stream>") && !got.contains("<stream:error");
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                write("</stream:stream>");
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            (tls != null ? tls : tcp).close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
