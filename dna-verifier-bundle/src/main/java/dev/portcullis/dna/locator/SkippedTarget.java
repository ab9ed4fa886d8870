package dev.portcullis.dna.locator;

import dev.portcullis.api.dna.DnssecStatus;

/**
 * An SRV target the locator refused to offer because an address or TLSA lookup for it was bogus or
 * indeterminate (RFC 7673 §3.2, §3.4), or because it has no address.
 */
public record SkippedTarget(String host, int port, DnssecStatus status, String reason) {
}
