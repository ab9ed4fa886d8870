package dev.portcullis.api.tls;

import java.util.List;
import java.util.Map;

/**
 * The TLS policy in force, for display (RFC 7590 §3.6).
 *
 * @param profile            the default profile's name
 * @param provider           the JSSE provider used ({@code SunJSSE} or {@code BCJSSE})
 * @param protocols          enabled protocols under the default profile, preferred first
 * @param cipherSuites       enabled suites under the default profile, preferred first
 * @param peerProfiles       per-peer-domain profile overrides
 * @param plaintextPeers     peer domains the administrator allows to be reached without TLS
 */
public record PolicyDescription(String profile, String provider, List<String> protocols, List<String> cipherSuites,
                                Map<String, String> peerProfiles, List<String> plaintextPeers) {
    public PolicyDescription {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        peerProfiles = Map.copyOf(peerProfiles);
        plaintextPeers = List.copyOf(plaintextPeers);
    }
}
