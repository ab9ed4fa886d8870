package dev.portcullis.demo;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * A DNS zone signed at start with a key generated at start (RFC 4033-4035): every RRset carries an RRSIG, and
 * an NSEC chain in canonical order (RFC 4034 §4, §6.1) proves what does not exist, so a validating resolver
 * can tell a missing {@code _xmpps-server._tcp} SRV record from a stripped one. One key (flags 257: zone key
 * and secure entry point) signs everything; {@link #trustAnchor()} is its DS record for the hosts'
 * {@code dns.trust-anchors} file.
 */
final class SignedZone {
    static final long TTL = 300;

    private final Name origin;
    private final DNSKEYRecord dnskey;
    private final DSRecord ds;
    /** Owner name → type → signed RRset (records plus RRSIG), in canonical order. */
    private final NavigableMap<Name, Map<Integer, RRset>> names;

    private SignedZone(Name origin, DNSKEYRecord dnskey, DSRecord ds, NavigableMap<Name, Map<Integer, RRset>> names) {
        this.origin = origin;
        this.dnskey = dnskey;
        this.ds = ds;
        this.names = names;
    }

    /**
     * Signs {@code records} (all under {@code origin}; SOA and NS are added here) with a fresh ECDSA P-256 key
     * (algorithm 13, RFC 6605), signatures valid from an hour ago for {@code validity}.
     */
    static SignedZone sign(Name origin, List<org.xbill.DNS.Record> records, Instant now, Duration validity)
            throws GeneralSecurityException, DNSSEC.DNSSECException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair key = g.generateKeyPair();
        DNSKEYRecord dnskey = new DNSKEYRecord(origin, DClass.IN, TTL, 257, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, key.getPublic());
        DSRecord ds = new DSRecord(origin, DClass.IN, TTL, DNSSEC.Digest.SHA256, dnskey);

        NavigableMap<Name, Map<Integer, RRset>> sets = new TreeMap<>();
        Name ns = Name.fromConstantString("ns." + origin);
        List<org.xbill.DNS.Record> all = new ArrayList<>(records);
        all.add(new org.xbill.DNS.SOARecord(origin, DClass.IN, TTL, ns, Name.fromConstantString("admin." + origin),
                now.getEpochSecond(), 3600, 600, 86400, TTL));
        all.add(new org.xbill.DNS.NSRecord(origin, DClass.IN, TTL, ns));
        all.add(dnskey);
        for (org.xbill.DNS.Record r : all) {
            if (!r.getName().subdomain(origin)) {
                throw new IllegalArgumentException(r.getName() + " is outside the zone " + origin);
            }
            sets.computeIfAbsent(r.getName(), n -> new TreeMap<>())
                    .computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
        }
        // RFC 4034 §4.1: each owner name's NSEC points to the next owner name, the last one back to the apex
        List<Name> owners = new ArrayList<>(sets.keySet());
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            Name next = owners.get((i + 1) % owners.size());
            TreeSet<Integer> types = new TreeSet<>(sets.get(owner).keySet());
            types.add(Type.NSEC);
            types.add(Type.RRSIG);
            NSECRecord nsec = new NSECRecord(owner, DClass.IN, TTL, next,
                    types.stream().mapToInt(Integer::intValue).toArray());
            sets.get(owner).computeIfAbsent(Type.NSEC, t -> new RRset()).addRR(nsec);
        }
        Instant inception = now.minus(Duration.ofHours(1));
        Instant expiration = now.plus(validity);
        for (Map<Integer, RRset> byType : sets.values()) {
            for (RRset set : byType.values()) {
                RRSIGRecord sig = DNSSEC.sign(set, dnskey, key.getPrivate(), inception, expiration);
                set.addRR(sig);
            }
        }
        return new SignedZone(origin, dnskey, ds, Collections.unmodifiableNavigableMap(sets));
    }

    Name origin() {
        return origin;
    }

    DNSKEYRecord dnskey() {
        return dnskey;
    }

    /** The DS record of the zone's key: what a parent zone would publish, and what a trust anchor file holds. */
    DSRecord trustAnchor() {
        return ds;
    }

    /** A trust anchor file in zone-file format (RFC 4033 §3.1), as {@code dns.trust-anchors} reads it. */
    String trustAnchorFile() {
        return "; Trust anchor of the Portcullis demo zone " + origin + ", generated at demo start.\n"
                + "; Key tag " + dnskey.getFootprint() + ", algorithm 13 (ECDSA P-256 SHA-256, RFC 6605).\n"
                + ds + "\n";
    }

    boolean contains(Name name) {
        return name.subdomain(origin);
    }

    /** The signed RRset of this name and type, if there is one. */
    Optional<RRset> rrset(Name name, int type) {
        Map<Integer, RRset> byType = names.get(name);
        return byType == null ? Optional.empty() : Optional.ofNullable(byType.get(type));
    }

    /** True when the name owns records. */
    boolean hasName(Name name) {
        return names.containsKey(name);
    }

    /** True when the name owns nothing but has descendants that do (an empty non-terminal, RFC 4592 §2.2.2). */
    boolean isEmptyNonTerminal(Name name) {
        if (names.containsKey(name)) {
            return false;
        }
        Name after = names.higherKey(name);
        return after != null && after.subdomain(name);
    }

    /** The NSEC RRset (with its RRSIG) whose owner is the last one at or before {@code name}: it covers or matches it. */
    RRset coveringNsec(Name name) {
        Name owner = names.floorKey(name);
        if (owner == null) {
            owner = names.lastKey();
        }
        return names.get(owner).get(Type.NSEC);
    }

    /** The longest ancestor of {@code name} that exists in the zone (RFC 4592 §3.3.1 closest encloser). */
    Name closestEncloser(Name name) {
        Name n = name;
        while (n.labels() > origin.labels()) {
            n = new Name(n, 1);
            if (names.containsKey(n) || isEmptyNonTerminal(n)) {
                return n;
            }
        }
        return origin;
    }

    /** The SOA RRset with its signature, for negative answers (RFC 2308 §3). */
    RRset soa() {
        return names.get(origin).get(Type.SOA);
    }
}
