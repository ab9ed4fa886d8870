package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.Percentiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Slowloris: connections that connect and never send a byte. One selector thread watches them all and records,
 * for each, how long after its connect the server closed it (what the server sends first, e.g. a
 * {@code <connection-timeout/>} stream error, is read and ignored).
 */
final class SilentConnections implements AutoCloseable {
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> closedAfter = new ConcurrentLinkedQueue<>();
    private final Thread watcher;
    private volatile boolean running = true;

    SilentConnections(InetSocketAddress server, int count) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(server);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, System.nanoTime());
            channels.add(ch);
        }
        watcher = new Thread(this::watch, "silent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (running) {
            try {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    buf.clear();
                    int n;
                    try {
                        n = ch.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        closedAfter.add(System.nanoTime() - (Long) k.attachment());
                        k.cancel();
                        ch.close();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                return;
            }
        }
    }

    int closedCount() {
        return closedAfter.size();
    }

    /** How long after connecting the closed ones were closed. */
    Percentiles closedAfter() {
        return Percentiles.ofNanos(List.copyOf(closedAfter));
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}
