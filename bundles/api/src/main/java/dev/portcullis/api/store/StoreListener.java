package dev.portcullis.api.store;

import java.util.Map;
import java.util.Optional;

/** Told about entries of one namespace; called on the store's own threads, never concurrently for one subscription. */
@org.osgi.annotation.versioning.ConsumerType
public interface StoreListener {

    /**
     * Every entry of the namespace, after the subscription started and after each reconnection (changes missed
     * while the store was unreachable are in it). The listener pushes what it learned locally meanwhile.
     */
    void reloaded(Map<String, StoredEntry> entries);

    /** Another node changed {@code key}: its entry now, or empty when it was removed or has expired. */
    void changed(String key, Optional<StoredEntry> entry);
}
