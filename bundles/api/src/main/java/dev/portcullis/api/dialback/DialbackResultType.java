package dev.portcullis.api.dialback;

/** The {@code type} attribute of {@code db:result} and {@code db:verify} answers (XEP-0220 §2). */
public enum DialbackResultType {
    VALID, INVALID, ERROR;

    /** The attribute value as written on the wire. */
    public String xmlValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
