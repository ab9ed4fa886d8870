/**
 * Server Dialback (XEP-0220) with XEP-0185 keys and the XEP-0344 shortcuts: the implementation behind
 * {@link dev.portcullis.api.dialback.Dialback}. Private: hosts use the api package only.
 *
 * <p>Who does what. The host parses and writes {@code db:result}/{@code db:verify}, keeps all stream state
 * and correlates answers with the requests it sent on the same stream, dropping unsolicited ones
 * (XEP-0220 §3.1). It locates authoritative servers through its {@code PeerLocator}, so a DNSSEC-signed
 * zone secures that lookup (XEP-0344 §3.3, XEP-0220 §3). This bundle computes and checks keys, decides
 * policy, runs the receiving role's verification with a timeout, rate limit and replay guard, and reports.
 */
package dev.portcullis.dialback;
