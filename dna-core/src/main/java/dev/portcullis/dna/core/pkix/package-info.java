/**
 * RFC 5280 §6 path validation with the JDK's PKIX validator and the XMPP rules it leaves to the caller
 * (RFC 6120 §13.7.1.3 extended key usage, RFC 6960 staples), for the dna-verifier's PKIX and DANE prooftypes and
 * the checker's DANE check.
 */
package dev.portcullis.dna.core.pkix;
