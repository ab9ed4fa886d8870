package dev.portcullis.benchmarks;

import java.net.InetSocketAddress;

/** A server the load generator runs against: where it listens, its XMPP domain, its process id. */
interface ServerUnderTest extends AutoCloseable {
    String label();

    InetSocketAddress address();

    String domain();

    long pid();

    @Override
    void close();
}
