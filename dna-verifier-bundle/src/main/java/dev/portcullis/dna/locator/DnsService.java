package dev.portcullis.dna.locator;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Bundle-internal service of the peer locator component, so that DANE (inbound) and POSH (its HTTPS
 * fetches) use the same validating resolver and cache as {@link dev.portcullis.api.dna.PeerLocator}.
 */
public interface DnsService {

    /** Like {@code PeerLocator.locate}, also reporting skipped targets. */
    CompletionStage<LocatedPeer> locateDetailed(String domain);

    /**
     * The A and AAAA addresses of {@code host}; completes exceptionally with an {@link java.net.UnknownHostException}
     * naming the DNSSEC status when the name has none or the lookup was bogus.
     */
    CompletionStage<List<InetAddress>> addresses(String host);
}
