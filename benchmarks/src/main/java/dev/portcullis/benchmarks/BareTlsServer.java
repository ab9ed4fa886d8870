package dev.portcullis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The bare-provider handshake loop's server, in its own JVM so that its CPU and memory are measured alone:
 * TLS 1.3, client certificate required, the run's certificate and CA, one provider (sun or conscrypt). Each
 * connection: handshake, echo bytes until the client closes. No XML, no STARTTLS round trips, no policy, no
 * verification beyond the provider's trust manager: what a TLS handshake alone costs on this provider.
 *
 * <pre>java -cp ... dev.portcullis.benchmarks.BareTlsServer PORT_FILE KEY_DIR sun|conscrypt</pre>
 * Writes "PORT PROVIDER-NAME VERSION" to PORT_FILE, or "UNAVAILABLE reason" and exits with status 3.
 */
public final class BareTlsServer {
    private BareTlsServer() {
    }

    public static void main(String[] args) throws Exception {
        Path portFile = Path.of(args[0]);
        Provider p;
        try {
            p = TlsProviders.named(args[2]);
        } catch (TlsProviders.Unavailable e) {
            publish(portFile, "UNAVAILABLE " + e.getMessage());
            System.exit(3);
            return;
        }
        SSLServerSocket ss = (SSLServerSocket) KeyShare.load(Path.of(args[1]), p).getServerSocketFactory()
                .createServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        ss.setNeedClientAuth(true);
        ss.setEnabledProtocols(new String[] {"TLSv1.3"});
        publish(portFile, ss.getLocalPort() + " " + TlsProviders.describe(p));
        while (true) {
            Socket s = ss.accept();
            Thread t = new Thread(null, () -> echo((SSLSocket) s), "bare-conn", 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Written whole or not at all: the harness polls for the file. */
    private static void publish(Path file, String line) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, line);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void echo(SSLSocket s) {
        try (s) {
            s.startHandshake();
            InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) >= 0) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
