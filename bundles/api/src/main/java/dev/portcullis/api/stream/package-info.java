/**
 * What the host records about each s2s stream, so the administrator can see it (RFC 7590 §3.6):
 * encrypted or not, TLS version and cipher suite, how the peer was authenticated, its certificate, and
 * a warning when that certificate changed.
 */
@Version("1.1.0")
@Export
package dev.portcullis.api.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
