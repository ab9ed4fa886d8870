package dev.portcullis.stream;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XMPP version "major.minor" (RFC 6120 §4.7.5): the two numbers are separate integers, compared
 * numerically ("1.10" is above "1.9"), leading zeros ignored ("01.0" is "1.0"); a header without a
 * version means "0.9".
 *
 * @param major the major number, at least 0
 * @param minor the minor number, at least 0
 */
record StreamVersion(int major, int minor) implements Comparable<StreamVersion> {
    /** What a stream header without 'version' means (RFC 6120 §4.7.5 rule 4). */
    static final StreamVersion PRE_XMPP = new StreamVersion(0, 9);
    /** The version RFC 6120 specifies, and the only major version we speak. */
    static final StreamVersion XMPP_1_0 = new StreamVersion(1, 0);
    /** Nine digits per number keep any value inside an int; longer ones are not a version anybody sends. */
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})");

    StreamVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("version numbers are not negative: " + major + "." + minor);
        }
    }

    /**
     * The version a stream header's 'version' attribute names: {@link #PRE_XMPP} when it is absent
     * ({@code null}), empty when it is not "major.minor".
     */
    static Optional<StreamVersion> of(String attribute) {
        if (attribute == null) {
            return Optional.of(PRE_XMPP);
        }
        Matcher m = SYNTAX.matcher(attribute);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StreamVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public int compareTo(StreamVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
