package dev.portcullis.dna.core.posh;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A parsed POSH document (RFC 7711 §3.1, §3.2): either fingerprints or a reference to them.
 */
public sealed interface PoshDocument {

    /** Seconds after which the material is stale (RFC 7711 §3.1, §6); 0 means invalid. */
    long expires();

    /**
     * A fingerprints document: each descriptor maps hash names (e.g. {@code sha-256}) to digests of the
     * certificate's DER (RFC 7711 §3.1).
     */
    record Fingerprints(List<Map<String, byte[]>> descriptors, long expires) implements PoshDocument {
        public Fingerprints {
            descriptors = List.copyOf(descriptors);
        }
    }

    /** A reference document: the HTTPS URI where the fingerprints are (RFC 7711 §3.2). */
    record Reference(URI url, long expires) implements PoshDocument {
    }
}
