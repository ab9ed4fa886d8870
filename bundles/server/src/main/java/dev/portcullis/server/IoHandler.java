package dev.portcullis.server;

import java.nio.channels.SelectionKey;

/** What a selection key is attached to: a listener, a pending connect, or a connection. */
interface IoHandler {
    /** Called on the I/O thread when the key is ready. Must not block. */
    void ready(SelectionKey key);

    /** Called on the I/O thread when the reactor shuts down. */
    void shutdown();
}
