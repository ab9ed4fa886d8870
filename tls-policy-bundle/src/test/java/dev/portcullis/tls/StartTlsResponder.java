package dev.portcullis.tls;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * A minimal XMPP STARTTLS listener for probing the policy with real TLS clients (openssl s_client,
 * testssl.sh) until the reference server exists. It speaks just enough of RFC 6120 §5.4: the stream
 * header, a features element offering {@code <starttls/>} with {@code <required/>}, {@code <proceed/>},
 * and then hands the socket to an engine from the policy. It answers in whatever namespace the client
 * opened with: {@code jabber:server} (openssl {@code -starttls xmpp-server}) or {@code jabber:client}
 * (testssl.sh 3.0.8, which has no xmpp-server mode). Loopback only; one blocking thread per connection.
 */
final class StartTlsResponder implements AutoCloseable {

    private static final Pattern ATTR = Pattern.compile("\\s([a-zA-Z:]+)\\s*=\\s*(['\"])(.*?)\\2");

    private final TlsPolicy policy;
    private final List<LocalIdentity> identities;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "starttls-responder");
        t.setDaemon(true);
        return t;
    });
    private final List<PolicyVerdict> verdicts = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    StartTlsResponder(TlsPolicy policy, List<LocalIdentity> identities) throws IOException {
        this.policy = policy;
        this.identities = List.copyOf(identities);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Verdicts of the sessions negotiated so far. */
    List<PolicyVerdict> verdicts() {
        return verdicts;
    }

    /** Handshake failures so far (the policy's refusals among them). */
    List<Exception> failures() {
        return failures;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String header = readUntil(in, Pattern.compile("<stream:stream[^>]*>", Pattern.DOTALL));
            if (header == null) {
                return;
            }
            String to = attribute(header, "to");
            String from = attribute(header, "from");
            String ns = attribute(header, "xmlns");
            ns = "jabber:client".equals(ns) ? "jabber:client" : "jabber:server";
            write(out, "<?xml version='1.0'?><stream:stream xmlns='" + ns + "' xmlns:stream='http://etherx.jabber.org/streams'"
                    + (to != null ? " from='" + to + "'" : "") + " id='" + UUID.randomUUID() + "' version='1.0'>"
                    + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                    + "</stream:features>");
            String starttls = readUntil(in, Pattern.compile("<starttls[^>]*(/>|</starttls>)|<[a-z]+[^>]*>", Pattern.DOTALL));
            if (starttls == null || !starttls.contains("<starttls")) {
                write(out, "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
                return;
            }
            write(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            TlsContext ctx = new TlsContext(Direction.INBOUND, to, from, identities,
                    socket.getInetAddress().getHostAddress(), socket.getPort());
            SSLEngine engine = policy.newEngine(ctx);
            SSLException refused = EnginePump.run(engine, in, out, session -> verdicts.add(policy.review(session, ctx)), false);
            if (refused != null) {
                failures.add(refused);
            }
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static String readUntil(InputStream in, Pattern end) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            seen.write(b);
            if (b == '>') {
                String s = seen.toString(StandardCharsets.UTF_8);
                Matcher m = end.matcher(s);
                if (m.find() && !s.substring(m.start()).startsWith("<?")) {
                    return s.substring(m.start());
                }
            }
            if (seen.size() > 8192) {
                return null;
            }
        }
        return null;
    }

    private static String attribute(String tag, String name) {
        Matcher m = ATTR.matcher(tag);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3);
            }
        }
        return null;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
