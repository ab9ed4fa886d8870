package dev.portcullis.testkit.dns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One child zone of a {@link BindServer}'s test tree, e.g. {@code good.test}: its records and how it is
 * (mis)signed. Records are zone-file lines relative to the zone ({@code "xmpp 300 IN A 127.0.0.1"}) or absolute.
 */
public final class DnsZone {
    /** How the zone is signed and delegated (RFC 4035 §5: secure, insecure and bogus). */
    public enum Signing {
        /** Signed, DS in the parent: answers are secure. */
        SIGNED,
        /** Not signed, no DS in the parent (proven by the parent's NSEC): answers are insecure. */
        UNSIGNED,
        /** Signed, DS in the parent, but the signatures over the data are corrupted: answers are bogus. */
        CORRUPT_SIGNATURES,
        /** Signed with an inception and expiration in the past: answers are bogus (RFC 4035 §5.3.1). */
        EXPIRED_SIGNATURES
    }

    private final String name;
    private final Signing signing;
    private final List<String> records = new ArrayList<>();

    private DnsZone(String name, Signing signing) {
        this.name = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        this.signing = signing;
    }

    public static DnsZone of(String name, Signing signing) {
        return new DnsZone(name, signing);
    }

    /** Adds one zone-file line. */
    public DnsZone record(String line) {
        records.add(line);
        return this;
    }

    /** Adds {@code owner 300 IN TLSA usage selector matching hex} (RFC 6698 §2.2). */
    public DnsZone tlsa(String owner, int usage, int selector, int matchingType, byte[] data) {
        return record(owner + " 300 IN TLSA " + usage + " " + selector + " " + matchingType + " "
                + HexFormat.of().formatHex(data));
    }

    public String name() {
        return name;
    }

    public Signing signing() {
        return signing;
    }

    public List<String> records() {
        return List.copyOf(records);
    }

    /** The signature validity window for {@code dnssec-signzone -s/-e}. */
    String[] validity(Instant now) {
        if (signing == Signing.EXPIRED_SIGNATURES) {
            return new String[] {stamp(now.minusSeconds(30 * 86400)), stamp(now.minusSeconds(2 * 86400))};
        }
        return new String[] {stamp(now.minusSeconds(3600)), stamp(now.plusSeconds(30 * 86400))};
    }

    private static String stamp(Instant i) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(i);
    }
}
