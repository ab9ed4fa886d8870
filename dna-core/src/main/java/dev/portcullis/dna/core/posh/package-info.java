/**
 * POSH documents (RFC 7711 §3.1, §3.2): one strict parser, used by the dna-verifier's POSH prooftype and by the
 * checker, so both accept and refuse the same documents.
 */
package dev.portcullis.dna.core.posh;
