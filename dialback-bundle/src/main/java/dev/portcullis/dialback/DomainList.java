package dev.portcullis.dialback;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of domains from the configuration: exact names, or {@code *.example.org} for every subdomain of
 * example.org (not example.org itself). Matching ignores case and a trailing dot.
 */
record DomainList(Set<String> entries) {

    static final DomainList EMPTY = new DomainList(Set.of());

    // A DNS name (RFC 1035 §2.3.1 letters, digits, hyphens; RFC 5890 A-labels are of that form), optionally "*." first.
    private static final Pattern DOMAIN =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    DomainList {
        entries = Set.copyOf(entries);
        for (String entry : entries) {
            if (!DOMAIN.matcher(entry).matches() || entry.length() > 253) {
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

    static String normalize(String domain) {
        String lower = domain.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry matching {@code domain}, or {@code null}. */
    String match(String domain) {
        String name = normalize(domain);
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
