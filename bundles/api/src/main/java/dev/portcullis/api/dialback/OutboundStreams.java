package dev.portcullis.api.dialback;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by the host: reach a peer's authoritative server over an s2s stream (opening one or
 * reusing one) and exchange one {@code db:verify} (XEP-0220 §2.1.2). Stream state stays in the host.
 */
@ConsumerType
public interface OutboundStreams {

    /**
     * Sends the query and completes with the answer; completes with an ERROR answer (never
     * exceptionally) when the server cannot be found or reached. The dialback bundle applies its own
     * timeout on top.
     */
    CompletionStage<VerifyAnswer> verify(VerifyQuery query);
}
