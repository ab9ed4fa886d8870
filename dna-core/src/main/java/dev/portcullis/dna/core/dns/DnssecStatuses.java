package dev.portcullis.dna.core.dns;

import dev.portcullis.api.dna.DnssecStatus;

/** Combines DNSSEC statuses along a chain of lookups (RFC 7673 §3: the whole chain must be secure). */
public final class DnssecStatuses {
    private DnssecStatuses() {
    }

    /** The weaker of two statuses: bogus, then indeterminate, then insecure, then secure. */
    public static DnssecStatus weakest(DnssecStatus a, DnssecStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(DnssecStatus s) {
        return switch (s) {
            case SECURE -> 0;
            case INSECURE -> 1;
            case INDETERMINATE -> 2;
            case BOGUS -> 3;
        };
    }
}
