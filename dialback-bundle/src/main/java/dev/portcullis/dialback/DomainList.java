package dev.portcullis.dialback;

import dev.portcullis.dna.core.names.DomainName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of domains from the configuration: exact names, or {@code *.example.org} for every subdomain of
 * example.org (not example.org itself). Names are kept and matched in dna-core's {@link DomainName} form
 * (A-labels, lower case, no trailing dot: RFC 7622 §3.2), so a U-label entry matches its A-label peer.
 */
record DomainList(Set<String> entries) {

    static final DomainList EMPTY = new DomainList(Set.of());

    private static final String WILDCARD = "*.";

    DomainList {
        entries = Set.copyOf(entries);
        for (String entry : entries) {
            String base = entry.startsWith(WILDCARD) ? entry.substring(WILDCARD.length()) : entry;
            if (DomainName.parse(base).filter(d -> d.ascii().equals(base)).isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is not a domain name or *.domain pattern");
            }
        }
    }

    /** Parses values separated by commas or white space, across the array elements a config file gives. */
    static DomainList parse(Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof String[] array) {
            raw.addAll(List.of(array));
        } else if (value instanceof Iterable<?> iterable) {
            iterable.forEach(item -> raw.add(String.valueOf(item)));
        } else if (value != null) {
            raw.add(String.valueOf(value));
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String item : raw) {
            for (String part : item.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    entries.add(normalize(part));
                }
            }
        }
        return new DomainList(entries);
    }

    /** The same domain in {@link DomainName} form: false when either is no domain name. */
    static boolean sameDomain(String a, String b) {
        return DomainName.parse(a).isPresent() && DomainName.parse(a).equals(DomainName.parse(b));
    }

    /** {@code domain} (or {@code *.domain}) in {@link DomainName} form; what is no domain name is kept as is. */
    static String normalize(String domain) {
        String t = domain.trim();
        boolean wildcard = t.startsWith(WILDCARD);
        String base = wildcard ? t.substring(WILDCARD.length()) : t;
        return DomainName.parse(base).map(d -> (wildcard ? WILDCARD : "") + d.ascii()).orElse(t);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry matching {@code domain}, or {@code null}. */
    String match(String domain) {
        // a peer's domain must itself be a domain name: "*.example.org" is a pattern, never a peer
        String name = DomainName.parse(domain.trim()).map(DomainName::ascii).orElse(null);
        if (name == null) {
            return null;
        }
        if (entries.contains(name)) {
            return name;
        }
        for (String entry : entries) {
            if (entry.startsWith("*.") && name.endsWith(entry.substring(1))) {
                return entry;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return String.join(", ", entries);
    }
}
