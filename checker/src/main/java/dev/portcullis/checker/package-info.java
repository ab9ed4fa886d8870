/**
 * {@code ./portcullis check <domain>}: a federation checker for any XMPP server (the tool administrators lost
 * when the IM Observatory went dark), graded against RFC 9325 (BCP 195, 2022), RFC 8996, RFC 7590,
 * RFC 6120 §13.7 / RFC 6125 identities, DANE (RFC 7673) and POSH (RFC 7711).
 *
 * <p>A command-line tool, not an OSGi bundle: it probes servers rather than enforcing policy, so it re-implements
 * the small probing pieces it needs on top of dnsjava, Bouncy Castle, OkHttp and Jackson and never uses the
 * security bundles' private classes.
 */
package dev.portcullis.checker;
