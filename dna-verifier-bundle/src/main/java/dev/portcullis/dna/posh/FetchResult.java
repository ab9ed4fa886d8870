package dev.portcullis.dna.posh;

import java.net.URI;

/** What one POSH GET (after redirects) produced. */
sealed interface FetchResult {

    /** HTTP 200 with a body within the size limit. */
    record Body(URI finalUrl, byte[] bytes) implements FetchResult {
    }

    /** HTTP 404: the domain publishes no POSH document (RFC 7711 §3, step 2). */
    record NotFound(URI url) implements FetchResult {
    }

    /** Anything else, with the reason for an administrator. */
    record Failure(String reason) implements FetchResult {
    }
}
