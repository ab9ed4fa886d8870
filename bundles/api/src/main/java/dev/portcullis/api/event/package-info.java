/**
 * EventAdmin topics Portcullis posts, so administrators can hook alerts (docs/ARCHITECTURE.md, "The contract").
 */
@Version("1.1.0")
@Export
package dev.portcullis.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
