package dev.portcullis.openfire;

import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** The current instance of one service of the embedded framework, or {@code null} while there is none. */
final class Tracked<T> implements Supplier<T>, AutoCloseable {

    private final ServiceTracker<T, T> tracker;

    private Tracked(ServiceTracker<T, T> tracker) {
        this.tracker = tracker;
    }

    static <T> Tracked<T> open(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        return new Tracked<>(t);
    }

    @Override
    public T get() {
        return tracker.getService();
    }

    @Override
    public void close() {
        tracker.close();
    }
}
