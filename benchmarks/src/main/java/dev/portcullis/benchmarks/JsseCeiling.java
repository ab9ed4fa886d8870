package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.Percentiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS-only ceiling: a bare JSSE TLS 1.3 server (client certificate required, the same ECDSA P-256 test
 * certificates) in a separate JVM, and a client loop doing only TCP + handshake + one byte each way. No XML,
 * no STARTTLS round trips, no verification beyond the JSSE trust manager.
 */
final class JsseCeiling {
    private JsseCeiling() {
    }

    /** Server side (own JVM, so its RSS is measured alone): thread per connection, echoes one byte, then idles. */
    static void serve(Path portFile, Path keyDir) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) KeyShare.load(keyDir).getServerSocketFactory()
                .createServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        ss.setNeedClientAuth(true);
        ss.setEnabledProtocols(new String[] {"TLSv1.3"});
        Files.writeString(portFile, Integer.toString(ss.getLocalPort()));
        while (true) {
            Socket s = ss.accept();
            Thread t = new Thread(null, () -> {
                try (s) {
                    ((SSLSocket) s).startHandshake();
                    InputStream in = s.getInputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // client went away
                }
            }, "jsse-conn", 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
    }

    record Run(int ok, int failed, long wallNanos, Percentiles latency, List<Socket> held) {
    }

    static Run connect(InetSocketAddress server, OriginDomains clients, int from, int count, int concurrency) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String d = clients.name(from + i);
            fs.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    Socket tcp = new Socket();
                    tcp.setTcpNoDelay(true);
                    tcp.connect(server, 10_000);
                    SSLSocket t = (SSLSocket) clients.context(d).getSocketFactory().createSocket(tcp, "jsse.test", server.getPort(), true);
                    t.setEnabledProtocols(new String[] {"TLSv1.3"});
                    t.setSoTimeout(30_000);
                    t.startHandshake();
                    t.getOutputStream().write('x');
                    t.getOutputStream().flush();
                    if (t.getInputStream().read() != 'x') {
                        throw new IOException("no echo");
                    }
                    lat.add(System.nanoTime() - t0);
                    held.add(t);
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
        pool.shutdownNow();
        return new Run(lat.size(), failed.get(), System.nanoTime() - start, Percentiles.ofNanos(lat), new ArrayList<>(held));
    }
}
