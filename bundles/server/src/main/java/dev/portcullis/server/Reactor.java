package dev.portcullis.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread of the {@link ReactorGroup}: one {@link Selector} for its listeners and connections (no
 * thread per connection), a task queue through which other threads reach them, and a periodic tick for
 * timeouts. The state of its connections is touched on this thread only, so it needs no locks.
 */
final class Reactor {
    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);
    private static final long TICK_MILLIS = 200;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Clock clock;
    private final Runnable tick;
    private final Thread thread;
    /** One read buffer for this thread's connections: sessions consume it entirely before the next read. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    Reactor(Clock clock, Runnable tick, String name) throws IOException {
        this.selector = Selector.open();
        this.clock = clock;
        this.tick = tick;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long now() {
        return clock.millis();
    }

    Clock clock() {
        return clock;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    boolean inReactor() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the I/O thread, after the events being processed. */
    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Runs {@code task} on the I/O thread and waits for its result (for admin commands and monitors, never
     * called from the I/O thread itself, where it runs inline).
     */
    <T> T call(Callable<T> task, long timeoutMillis) {
        if (inReactor()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        submit(() -> {
            try {
                f.complete(task.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the s2s I/O thread did not answer within " + timeoutMillis + " ms");
        }
    }

    /** Registers a channel on the I/O thread's selector. Call on the I/O thread. */
    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        channel.configureBlocking(false);
        SelectionKey existing = channel.keyFor(selector);
        if (existing != null && existing.isValid()) {
            // a connected outbound channel keeps the key of its connect; re-registering would fail
            existing.interestOps(ops);
            existing.attach(handler);
            return existing;
        }
        return channel.register(selector, ops, handler);
    }

    /** Cancels {@code channel}'s key here, so that another reactor may select it. Call on this thread. */
    void release(SelectableChannel channel) {
        SelectionKey k = channel.keyFor(selector);
        if (k != null) {
            k.cancel();
        }
    }

    /**
     * Lets the selector deregister cancelled keys now, so closed listening sockets release their ports
     * before new ones bind. Call on the I/O thread, outside key processing (from a task).
     */
    void flushCancelledKeys() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            LOG.debug("selectNow", e);
        }
    }

    /** Stops the loop, closing every channel. */
    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long nextTick = clock.millis() + TICK_MILLIS;
        while (running) {
            try {
                long wait = Math.max(1, Math.min(TICK_MILLIS, nextTick - clock.millis()));
                selector.select(wait);
                for (SelectionKey key : selector.selectedKeys()) {
                    IoHandler h = (IoHandler) key.attachment();
                    try {
                        if (key.isValid()) {
                            h.ready(key);
                        }
                    } catch (CancelledKeyException e) {
                        // closed while we were looking at it
                    } catch (RuntimeException e) {
                        LOG.error("Unexpected error handling I/O for {}; the connection is closed",
                                dev.portcullis.api.PeerText.of(h), e);
                        key.cancel();
                        h.shutdown();
                    }
                }
                selector.selectedKeys().clear();
                Runnable t;
                int budget = 10_000; // tasks queued by tasks run next round, so I/O is not starved
                while (budget-- > 0 && (t = tasks.poll()) != null) {
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        LOG.error("Unexpected error in an s2s task", e);
                    }
                }
                if (clock.millis() >= nextTick) {
                    nextTick = clock.millis() + TICK_MILLIS;
                    try {
                        tick.run();
                    } catch (RuntimeException e) {
                        LOG.error("Unexpected error in the s2s timer", e);
                    }
                }
            } catch (IOException e) {
                LOG.error("The s2s selector failed", e);
            } catch (java.nio.channels.ClosedSelectorException e) {
                return;
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((IoHandler) key.attachment()).shutdown();
        }
        Runnable t;
        while ((t = tasks.poll()) != null) {
            try {
                t.run();
            } catch (RuntimeException e) {
                LOG.debug("task after shutdown failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector", e);
        }
    }
}
