package dev.portcullis.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the real worker pool: while the gate is closed, every task waits at it, so a test can hold a TLS
 * handshake's delegated task (or verification) for as long as it likes, deterministically.
 */
final class GatedExecutor implements Executor {
    private final Executor delegate;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore entered = new Semaphore(0);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    GatedExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    void close() {
        gate = new CountDownLatch(1);
        entered.drainPermits(); // count only the tasks held from now on
    }

    void open() {
        gate.countDown();
    }

    @Override
    public void execute(Runnable task) {
        CountDownLatch g = gate;
        delegate.execute(() -> {
            waiting.incrementAndGet();
            if (g.getCount() > 0) {
                entered.release();
            }
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                waiting.decrementAndGet();
            }
            task.run();
        });
        accepted.incrementAndGet();
    }

    /** Waits until a task is held at the closed gate. */
    boolean awaitEntered(long seconds) throws InterruptedException {
        return entered.tryAcquire(seconds, TimeUnit.SECONDS);
    }

    /** Tasks now held at the gate. */
    int waiting() {
        return waiting.get();
    }

    /** Tasks the pool took (queued or running). */
    int accepted() {
        return accepted.get();
    }
}
