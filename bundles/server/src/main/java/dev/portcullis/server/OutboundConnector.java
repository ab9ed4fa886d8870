package dev.portcullis.server;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.PeerLocator;
import dev.portcullis.api.dna.Resolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the TCP connection for an outbound stream: a static route, or the endpoints the
 * {@link PeerLocator} found (XEP-0368 direct TLS and RFC 6120 §3.2 STARTTLS targets in the locator's
 * order), trying each address in turn until one connects. Runs on the I/O thread; the DNS lookup is
 * asynchronous and re-enters through the reactor.
 */
final class OutboundConnector {
    static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    /** Where the connection attempt ended. Called on the I/O thread. */
    interface Result {
        void connected(SocketChannel channel, Endpoint endpoint);

        void failed(String reason);
    }

    private final Reactor reactor;
    private final BoundServices services;
    private final List<PendingConnect> pending = new ArrayList<>();

    OutboundConnector(Reactor reactor, BoundServices services) {
        this.reactor = reactor;
        this.services = services;
    }

    void open(DomainPair pair, StaticRoute route, Result result) {
        if (route != null) {
            Endpoint e = staticEndpoint(route);
            if (e == null) {
                result.failed("the static route " + route + " does not name an IP address");
                return;
            }
            attempt(targets(List.of(e)), 0, new ArrayList<>(), result);
            return;
        }
        PeerLocator locator = services.peerLocator();
        if (locator == null) {
            result.failed("no PeerLocator service is bound (the dna-verifier bundle is missing or stopped), so "
                    + pair.peer() + " cannot be looked up in DNS; start that bundle, or add a static route "
                    + "'routes = " + pair.peer() + "=host:port' in etc/dev.portcullis.server.cfg");
            return;
        }
        locator.locate(pair.peer()).whenComplete((resolution, ex) -> reactor.submit(() -> {
            if (ex != null || resolution == null) {
                result.failed("looking up " + pair.peer() + " failed: " + ex);
                return;
            }
            List<Target> targets = targets(resolution.endpoints());
            if (targets.isEmpty()) {
                result.failed(describeEmpty(resolution));
                return;
            }
            attempt(targets, 0, new ArrayList<>(), result);
        }));
    }

    private static String describeEmpty(Resolution r) {
        return "DNS gave no usable address for " + r.domain() + " (SRV DNSSEC " + r.srvStatus() + ")"
                + (r.problem() == null ? "" : ": " + r.problem());
    }

    private void attempt(List<Target> targets, int index, List<String> errors, Result result) {
        if (index >= targets.size()) {
            result.failed("no endpoint accepted a connection: " + String.join("; ", errors));
            return;
        }
        Target t = targets.get(index);
        PendingConnect p = PendingConnect.start(reactor, t.address, CONNECT_TIMEOUT_MILLIS, new PendingConnect.Callback() {
            @Override
            public void connected(SocketChannel channel) {
                result.connected(channel, t.endpoint);
            }

            @Override
            public void failed(String reason) {
                errors.add(t.endpoint + " at " + t.address + ": " + reason);
                // next target on a fresh task, so a synchronous failure cannot recurse deeply
                reactor.submit(() -> attempt(targets, index + 1, errors, result));
            }
        });
        if (p != null && !p.done()) {
            pending.add(p);
        }
    }

    /** Expires connects that take too long. */
    void tick(long now) {
        pending.removeIf(p -> p.expire(now));
    }

    private static List<Target> targets(List<Endpoint> endpoints) {
        List<Target> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            for (InetAddress a : e.addresses()) {
                out.add(new Target(e, new InetSocketAddress(a, e.port())));
            }
        }
        return out;
    }

    /** A static route as an endpoint; its host must be an address literal (no DNS on the I/O thread). */
    static Endpoint staticEndpoint(StaticRoute route) {
        String host = route.target().host();
        if (!isAddressLiteral(host)) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(host); // a literal: no lookup happens
            return new Endpoint(host, route.target().port(), route.directTls(), EndpointSource.STATIC, 0, 0,
                    List.of(a), DnssecStatus.INDETERMINATE, List.of(), DnssecStatus.INDETERMINATE);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static boolean isAddressLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.%]+"));
    }

    private record Target(Endpoint endpoint, InetSocketAddress address) {
    }
}
