package dev.portcullis.server;

import java.util.concurrent.CompletionStage;

/** Sends XEP-0199 pings across federation; registered by the server for the admin commands. */
interface FederationPing {
    /** Pings {@code to} from the local domain {@code from}; completes when answered, refused or timed out. */
    CompletionStage<PingOutcome> ping(String from, String to);
}
