package dev.portcullis.dna.posh;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Verification material obtained for one domain: the fingerprint descriptors and until when they may be used
 * (the lower of the reference's and the fingerprints' {@code expires}, RFC 7711 §6), and how they were found.
 */
record PoshMaterial(List<Map<String, byte[]>> descriptors, Instant validUntil, String source) {
    PoshMaterial {
        descriptors = List.copyOf(descriptors);
    }
}
