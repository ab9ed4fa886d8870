package dev.portcullis.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs CPU-heavy work off the I/O threads: TLS delegated tasks (the handshake's
 * signatures and certificate path checks) and the domain verifier's synchronous part. Its queue is bounded:
 * when it is full the work is refused ({@link java.util.concurrent.RejectedExecutionException}), and the
 * connection that asked is closed with {@code <resource-constraint/>} (RFC 6120 §4.9.3.17) rather than run on
 * an I/O thread, where it would delay every established stream of that thread.
 */
final class HandshakeWorkers {
    static final String THREAD_PREFIX = "portcullis-s2s-worker-";
    /** Handshakes waiting for a worker; about a second of work on a small host. */
    static final int QUEUE = 1024;

    private HandshakeWorkers() {
    }

    static ExecutorService create(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true); // an idle server holds no worker threads (and their stacks)
        return pool;
    }
}
