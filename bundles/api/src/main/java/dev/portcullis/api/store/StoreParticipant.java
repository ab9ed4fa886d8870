package dev.portcullis.api.store;

import java.util.concurrent.CompletionStage;

/**
 * A bundle that keeps local state which belongs in the shared store ({@code portcullis:store migrate}): the
 * store bundle calls every registered participant, which writes its local entries that the store lacks or holds
 * in an older version.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface StoreParticipant {

    /** What it migrates, e.g. {@code certificate memory}. */
    String name();

    /** Writes its local state into {@code store}; completes with the number of entries written. */
    CompletionStage<Integer> migrate(SharedStore store);
}
