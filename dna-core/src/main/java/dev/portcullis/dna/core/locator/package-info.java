/**
 * RFC 2782 SRV target ordering with XEP-0368 §3's single list of {@code xmpps-server} and {@code xmpp-server}
 * records, shared by the dna-verifier's locator and the checker so both try a domain's endpoints in one order.
 */
package dev.portcullis.dna.core.locator;
