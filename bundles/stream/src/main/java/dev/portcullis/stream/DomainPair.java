package dev.portcullis.stream;

import java.util.Locale;

/**
 * A domain pair on a stream (XEP-0220 §2.6, RFC 7712 §4.4): our domain and the peer's. Stanzas flow
 * between the two once the pair is authenticated; domains compare case-insensitively (RFC 7622 §3.2).
 */
record DomainPair(String local, String peer) {
    DomainPair {
        local = local.toLowerCase(Locale.ROOT);
        peer = peer.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return local + " <-> " + peer;
    }
}
