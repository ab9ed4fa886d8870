/**
 * DNSSEC answer classification (RFC 4035 §3.2.3, §4.3, §5.5; RFC 8914): how a validated DNS response becomes
 * secure, insecure, bogus or indeterminate, and how statuses combine along a chain of lookups (RFC 7673 §3).
 * The dna-verifier's locator and the checker classify every answer here, so both call the same zone bogus.
 * Statuses are the API's {@link dev.portcullis.api.dna.DnssecStatus}, a plain enum (no OSGi at run time).
 */
package dev.portcullis.dna.core.dns;
