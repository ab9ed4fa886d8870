/** SHA-256 certificate and SPKI fingerprints in the form shown to administrators. */
package dev.portcullis.dna.core.fingerprint;
