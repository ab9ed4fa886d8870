package dev.portcullis.dna.core.posh;

/** A POSH document that breaks RFC 7711 §3; the message says exactly how. */
public final class MalformedPoshException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPoshException(String message) {
        super(message);
    }
}
