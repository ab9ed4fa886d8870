package dev.portcullis.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One shared entry.
 *
 * @param key       its key within the namespace
 * @param value     its value (the owning bundle's format, usually JSON)
 * @param writtenBy the node that wrote it last
 * @param writtenAt when, by the store's clock
 * @param expires   when it stops holding, or {@code null}
 */
public record StoredEntry(String key, String value, String writtenBy, Instant writtenAt, Instant expires) {
    public StoredEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(writtenBy, "writtenBy");
        Objects.requireNonNull(writtenAt, "writtenAt");
    }
}
