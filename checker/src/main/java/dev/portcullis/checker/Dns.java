package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dns.AnswerClassifier;
import dev.portcullis.dna.core.dns.DnsAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * DNSSEC-validating lookups with dnsjava's {@link ValidatingResolver} (RFC 4035 §5) over the resolver the admin
 * named with {@code --dns} (or the system's), anchored at {@code --trust-anchor} or the IANA root KSKs.
 */
final class Dns {
    static final String ROOT_ANCHORS = "/dev/portcullis/checker/root-anchors.txt";

    /** The checker keeps no cache; the bound only satisfies the classifier's TTL arithmetic. */
    private static final Duration NO_CACHE = Duration.ZERO;

    private final Resolver resolver;
    private final String description;
    private final Clock clock;

    private Dns(Resolver resolver, String description, Clock clock) {
        this.resolver = resolver;
        this.description = description;
        this.clock = clock;
    }

    /**
     * @param server      the DNS server, or {@code null} for the system's resolvers
     * @param trustAnchor a file of DS/DNSKEY records in zone-file format, or {@code null} for the IANA root KSKs
     */
    static Dns create(InetSocketAddress server, Path trustAnchor, Clock clock, Duration timeout) throws IOException {
        List<InetSocketAddress> servers = server != null ? List.of(server)
                : ResolverConfig.getCurrentConfig().servers();
        if (servers.isEmpty()) {
            throw new IOException("no DNS server configured on this system; name one with --dns IP:PORT");
        }
        List<Resolver> heads = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            SimpleResolver r = new SimpleResolver(s);
            r.setTimeout(timeout);
            heads.add(r);
        }
        ExtendedResolver head = new ExtendedResolver(heads);
        head.setTimeout(timeout);
        ValidatingResolver validating = new ValidatingResolver(head, clock);
        validating.setTimeout(timeout);
        try (InputStream anchors = trustAnchor != null ? Files.newInputStream(trustAnchor)
                : Dns.class.getResourceAsStream(ROOT_ANCHORS)) {
            if (anchors == null) {
                throw new IOException("the built-in root trust anchors " + ROOT_ANCHORS + " are missing");
            }
            validating.loadTrustAnchors(anchors);
        }
        String d = server != null ? server.getAddress().getHostAddress() + ":" + server.getPort() : "system";
        return new Dns(validating, d, clock);
    }

    String description() {
        return description;
    }

    /**
     * One validated lookup, classified by the verifier's own rule ({@link AnswerClassifier}): secure only when
     * the validator set AD, bogus when it refused the answer (RFC 4035 §5.5), indeterminate without an answer.
     */
    DnsAnswer query(String name, int type) {
        try {
            Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(absolute(name)), type,
                    DClass.IN));
            return AnswerClassifier.classify(resolver.send(q), type, clock.instant(), NO_CACHE);
        } catch (TextParseException e) {
            return failed("not a valid DNS name: " + name);
        } catch (IOException e) {
            return failed("no answer from DNS " + description + " (" + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()) + ")");
        }
    }

    /** What an administrator reads beside an answer: the validator's or transport's reason, or NXDOMAIN. */
    static String detail(DnsAnswer a) {
        return a.reason() != null ? a.reason() : a.rcode() == Rcode.NXDOMAIN ? "NXDOMAIN" : null;
    }

    private DnsAnswer failed(String reason) {
        return new DnsAnswer(DnssecStatus.INDETERMINATE, -1, List.of(), clock.instant(), reason);
    }

    /** A and AAAA addresses of {@code host}; an IP literal is returned as is. */
    List<InetAddress> addresses(String host) throws IOException {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return List.of(InetAddress.getByName(host));
        }
        List<InetAddress> out = new ArrayList<>();
        String failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsAnswer a = query(host, type);
            if (a.failed()) {
                failure = a.reason();
                continue; // bogus addresses must not be used (RFC 4035 §5.5)
            }
            for (org.xbill.DNS.Record r : a.records()) {
                if (r instanceof ARecord ar) {
                    out.add(ar.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                    out.add(aaaa.getAddress());
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(failure != null ? "cannot resolve " + host + ": " + failure
                    : "no A or AAAA record for " + host);
        }
        return out;
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
