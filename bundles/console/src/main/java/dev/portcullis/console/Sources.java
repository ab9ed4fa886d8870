package dev.portcullis.console;

import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.tls.TlsPolicy;

/**
 * The services a page reads, as bound at the moment of the request; any of them may be {@code null} while
 * its bundle is absent or being updated, and the page says so instead of failing.
 */
record Sources(FederationMonitor monitor, CertificateMemory memory, TlsPolicy policy, SecurityEventLog events,
               SharedStore store) {

    /** Without a shared store: each node keeps its state in local files (docs/STORE.md). */
    Sources(FederationMonitor monitor, CertificateMemory memory, TlsPolicy policy, SecurityEventLog events) {
        this(monitor, memory, policy, events, null);
    }
}
