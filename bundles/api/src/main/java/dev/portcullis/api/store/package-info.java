/**
 * Shared federation state for several nodes serving one domain (docs/STORE.md).
 *
 * <p>Without configuration every node keeps its state in its bundles' data areas, as a single node always did,
 * and no {@link dev.portcullis.api.store.SharedStore} is registered. With {@code url} set in
 * {@code dev.portcullis.store} the store bundle registers one backed by PostgreSQL: the dna-verifier and
 * dialback bundles then write what they learn through to it, keep their local files as before, and drop or
 * refresh in-memory entries as soon as another node changes them (LISTEN/NOTIFY).
 */
@Version("1.0.0")
@Export
package dev.portcullis.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
