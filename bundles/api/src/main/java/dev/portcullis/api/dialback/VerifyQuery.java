package dev.portcullis.api.dialback;

import java.util.Objects;

/**
 * A {@code <db:verify/>} the receiving server sends to the authoritative server (XEP-0220 §2.1.2).
 *
 * @param receivingDomain     {@code from}: our domain, which received the db:result
 * @param authoritativeDomain {@code to}: the originating domain, whose authoritative server is asked
 * @param streamId            {@code id}: the stream the db:result arrived on
 * @param key                 the key to check
 */
public record VerifyQuery(String receivingDomain, String authoritativeDomain, String streamId, String key) {
    public VerifyQuery {
        Objects.requireNonNull(receivingDomain, "receivingDomain");
        Objects.requireNonNull(authoritativeDomain, "authoritativeDomain");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(key, "key");
    }
}
