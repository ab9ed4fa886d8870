package dev.portcullis.api.dna;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves a peer domain to endpoints (RFC 6120 §3.2, XEP-0368 §3) with DNSSEC status and TLSA records
 * (RFC 7673 §3). Asynchronous: never blocks the caller's thread.
 */
@ProviderType
public interface PeerLocator {

    /**
     * Looks up {@code _xmpps-server._tcp} and {@code _xmpp-server._tcp} SRV records, orders them by
     * priority and weight (RFC 2782), falls back to the domain on port 5269, resolves addresses and, for
     * secure targets, the TLSA RRset. A bogus SRV answer aborts the lookup; a bogus address or TLSA answer
     * skips that target (RFC 7673 §3). The stage completes exceptionally only on programming errors; DNS
     * failures are reported in the {@link Resolution}.
     */
    CompletionStage<Resolution> locate(String domain);
}
