/**
 * TLSA matching (RFC 6698 §2.1, RFC 7671, RFC 7673 §4): the four certificate usages, DANE-TA validated up to the
 * matching CA (RFC 7671 §5.2.2), the PKIX usages against a certification path the validator built. Shared by the
 * dna-verifier's DANE prooftype and the checker.
 */
package dev.portcullis.dna.core.dane;
