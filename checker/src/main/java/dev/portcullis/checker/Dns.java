package dev.portcullis.checker;

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
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * DNSSEC-validating lookups with dnsjava's {@link ValidatingResolver} (RFC 4035 §5) over the resolver the admin
 * named with {@code --dns} (or the system's), anchored at {@code --trust-anchor} or the IANA root KSKs.
 */
final class Dns {
    static final String ROOT_ANCHORS = "/dev/portcullis/checker/root-anchors.txt";

    /** One answer: the records of the asked type, their DNSSEC status, and a reason when not usable. */
    record Answer(DnssecState status, List<org.xbill.DNS.Record> records, String detail) {
        Answer {
            records = List.copyOf(records);
        }
    }

    private final Resolver resolver;
    private final String description;

    private Dns(Resolver resolver, String description) {
        this.resolver = resolver;
        this.description = description;
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
        return new Dns(validating, d);
    }

    String description() {
        return description;
    }

    Answer query(String name, int type) {
        try {
            Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(absolute(name)), type,
                    DClass.IN));
            Message r = resolver.send(q);
            List<org.xbill.DNS.Record> records = new ArrayList<>();
            for (org.xbill.DNS.Record rec : r.getSection(Section.ANSWER)) {
                if (rec.getType() == type) {
                    records.add(rec);
                }
            }
            String reason = reason(r);
            int rcode = r.getRcode();
            if (rcode == Rcode.SERVFAIL) {
                return reason != null ? new Answer(DnssecState.BOGUS, List.of(), reason)
                        : new Answer(DnssecState.INDETERMINATE, List.of(), "the DNS server answered SERVFAIL");
            }
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return new Answer(DnssecState.INDETERMINATE, List.of(), "the DNS server answered " + Rcode.string(rcode));
            }
            // the validator sets AD only on answers it validated (RFC 4035 §3.2.3)
            DnssecState s = r.getHeader().getFlag(Flags.AD) ? DnssecState.SECURE : DnssecState.INSECURE;
            return new Answer(s, records, rcode == Rcode.NXDOMAIN ? "NXDOMAIN" : null);
        } catch (TextParseException e) {
            return new Answer(DnssecState.INDETERMINATE, List.of(), "not a valid DNS name: " + name);
        } catch (IOException e) {
            return new Answer(DnssecState.INDETERMINATE, List.of(),
                    "no answer from DNS " + description + " (" + (e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName()) + ")");
        }
    }

    /** A and AAAA addresses of {@code host}; an IP literal is returned as is. */
    List<InetAddress> addresses(String host) throws IOException {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return List.of(InetAddress.getByName(host));
        }
        List<InetAddress> out = new ArrayList<>();
        String failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Answer a = query(host, type);
            if (a.status() == DnssecState.BOGUS || a.status() == DnssecState.INDETERMINATE) {
                failure = a.detail();
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

    /** The validator's reason for a bogus answer: the extended DNS error (RFC 8914) and its TXT reason record. */
    private static String reason(Message response) {
        List<String> parts = new ArrayList<>();
        OPTRecord opt = response.getOPT();
        if (opt != null) {
            for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
                if (o instanceof ExtendedErrorCodeOption ede) {
                    String text = ExtendedErrorCodeOption.text(ede.getErrorCode());
                    parts.add("EDE " + ede.getErrorCode() + (text == null ? "" : " " + text));
                }
            }
        }
        for (org.xbill.DNS.Record r : response.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.TXT && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                parts.add(String.join(" ", ((TXTRecord) r).getStrings()));
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
