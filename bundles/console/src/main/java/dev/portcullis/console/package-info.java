/**
 * The "XMPP Federation" page of the Apache Felix Web Console: every live s2s stream with its RFC 7590 §3.6
 * facts, the peer certificate chains, the certificate memory, the TLS policy in force and recent security
 * events, as HTML for administrators and JSON for scripts; the console's generated admin password; and the
 * guard of the whole console against cross-site request forgery and framing by other origins (ConsoleGuard).
 * Private: nothing here is an API.
 */
package dev.portcullis.console;
