/**
 * RFC 6125 §6 service identity for XMPP servers (RFC 6120 §13.7.1.2): the identifiers a certificate presents and
 * the one rule that matches a domain against them. Used as is by the dna-verifier (PKIX and DANE), dialback's
 * XEP-0344 §2.6 same-certificate shortcut and the checker, so all three judge a certificate alike.
 */
package dev.portcullis.dna.core.names;
