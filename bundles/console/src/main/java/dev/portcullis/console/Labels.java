package dev.portcullis.console;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.StreamSecurity;

/** Words an administrator reads, for the enums of the api. */
final class Labels {
    private Labels() {
    }

    static String method(AuthMethod m) {
        return switch (m) {
            case NONE -> "not authenticated";
            case SASL_EXTERNAL -> "SASL EXTERNAL";
            case DIALBACK -> "Dialback";
            case DIALBACK_WITH_CERTIFICATE -> "Dialback (certificate, XEP-0344)";
            case UNAUTHENTICATED_PERMITTED -> "unauthenticated (permitted by policy)";
        };
    }

    /** RFC 7590 §3.6: warn when the peer's certificate changed. */
    static String change(StreamSecurity s) {
        CertificateChange c = s.certificateChange();
        if (c == null) {
            return "no certificate";
        }
        return switch (c.kind()) {
            case FIRST_SEEN -> "first seen";
            case UNCHANGED -> "unchanged";
            case RENEWED_SAME_KEY -> "renewed (same key)";
            case CHANGED -> "WARNING: certificate changed to a new key" + (c.proven() ? " (new one proven)" : " (new one NOT proven)");
        };
    }
}
