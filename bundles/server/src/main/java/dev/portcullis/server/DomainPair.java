package dev.portcullis.server;

import java.util.Objects;

/** One local domain and one peer domain: the unit s2s authentication is about (RFC 6120 §4.3.3, RFC 7712 §4.4). */
record DomainPair(String local, String peer) {
    DomainPair {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String toString() {
        return local + " -> " + peer;
    }
}
