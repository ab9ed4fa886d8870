package dev.portcullis.stream;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Two sessions back to back in memory: what one writes, the other receives, in chunks of
 * {@link #chunk} bytes (1 feeds every byte on its own), with the hosts' queued tasks run in between.
 */
final class Link {
    final TestHost out = new TestHost("outbound");
    final TestHost in = new TestHost("inbound");
    final TestServices alpha;
    final TestServices beta;
    int chunk = Integer.MAX_VALUE;
    /** Rewrites bytes travelling from the receiving to the initiating server (an active attacker). */
    UnaryOperator<ByteBuffer> inToOutFilter = UnaryOperator.identity();

    Link(TestServices alpha, TestServices beta, boolean directTls) {
        this(alpha, beta, directTls, SessionConfig.defaults());
    }

    Link(TestServices alpha, TestServices beta, boolean directTls, SessionConfig config) {
        this(alpha, TestPki.ALPHA, beta, TestPki.BETA, directTls, config);
    }

    /** {@code initiating} opens a stream from {@code localDomain} to {@code receiving}'s {@code peerDomain}. */
    Link(TestServices initiating, String localDomain, TestServices receiving, String peerDomain, boolean directTls,
         SessionConfig config) {
        this(initiating, localDomain, receiving, peerDomain, null, directTls, config);
    }

    /** As above, the outbound stream connected to {@code endpoint} (as the host resolved it), or {@code null}. */
    Link(TestServices initiating, String localDomain, TestServices receiving, String peerDomain, Endpoint endpoint,
         boolean directTls, SessionConfig config) {
        this.alpha = initiating;
        this.beta = receiving;
        out.session = S2sSession.outbound(out, initiating, config, localDomain, peerDomain, endpoint, directTls);
        in.session = S2sSession.inbound(in, beta, config, directTls, "127.0.0.1", 40000);
    }

    /** An endpoint as the host's PeerLocator would report it (SRV target, port, address). */
    static Endpoint endpoint(String host, int port, String address) {
        try {
            return new Endpoint(host, port, false, EndpointSource.XMPP_SRV, 0, 0,
                    List.of(InetAddress.getByName(address)), DnssecStatus.INSECURE, List.of(), DnssecStatus.INSECURE);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Link standard() {
        return new Link(TestServices.alpha(), TestServices.beta(), false);
    }

    Link start() {
        in.session.start();
        out.session.start();
        return pump();
    }

    /** Delivers bytes and runs tasks until nothing moves. */
    Link pump() {
        for (int rounds = 0; rounds < 1_000_000; rounds++) {
            boolean moved = false;
            if (!out.tasks.isEmpty() || !in.tasks.isEmpty()) {
                out.runTasks();
                in.runTasks();
                moved = true;
            }
            if (!out.outbox.isEmpty()) {
                deliver(out.outbox.poll(), in.session);
                moved = true;
            }
            if (!in.outbox.isEmpty()) {
                deliver(inToOutFilter.apply(in.outbox.poll()), out.session);
                moved = true;
            }
            // offloaded work finishes after the bytes already in flight have arrived (a slow worker)
            if (!moved && !out.offloaded.isEmpty()) {
                out.offloaded.poll().run();
                moved = true;
            }
            if (!moved && !in.offloaded.isEmpty()) {
                in.offloaded.poll().run();
                moved = true;
            }
            if (!moved) {
                return this;
            }
        }
        throw new AssertionError("the sessions never went quiet");
    }

    private void deliver(ByteBuffer b, S2sSession to) {
        while (b.hasRemaining()) {
            int n = Math.min(chunk, b.remaining());
            ByteBuffer piece = b.slice();
            piece.limit(n);
            b.position(b.position() + n);
            to.receive(piece);
        }
    }
}
