package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints streams as the administrator's table of RFC 7590 §3.6: direction, peer, encrypted or not, TLS version,
 * cipher suite, how the peer was authenticated, which prooftype proved its certificate, the certificate's
 * fingerprint, and a warning when it changed.
 */
final class StreamTable {
    private static final String[] HEADERS = {"DIR", "LOCAL", "PEER", "ENCRYPTED", "TLS", "CIPHER SUITE",
            "AUTHENTICATED BY", "PROOF", "CERT SHA-256", "CERTIFICATE"};

    private StreamTable() {
    }

    static String render(List<StreamView> rows) {
        if (rows.isEmpty()) {
            return "  (no s2s streams)\n";
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (StreamView r : rows) {
            cells.add(new String[] {
                    StreamJson.outbound(r) ? "out" : "in",
                    dash(r.localDomain()),
                    dash(r.peerDomain()),
                    r.encrypted() ? "yes" : "NO",
                    r.encrypted() ? dash(r.tlsVersion()) : "-",
                    r.encrypted() ? dash(r.cipherSuite()) : "-",
                    auth(r.authMethod()),
                    dash(r.prooftype()),
                    fingerprint(r.certificateSha256()),
                    change(r)});
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    static String auth(String method) {
        if (method == null) {
            return "-";
        }
        return switch (method) {
            case "SASL_EXTERNAL" -> "SASL EXTERNAL";
            case "DIALBACK" -> "dialback";
            case "DIALBACK_WITH_CERTIFICATE" -> "dialback+cert";
            case "UNAUTHENTICATED_PERMITTED" -> "NONE (permitted)";
            case "NONE" -> "not yet";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    /** The first four bytes: enough to tell certificates apart at a glance; the JSON has the whole value. */
    static String fingerprint(String sha256) {
        if (sha256 == null) {
            return "-";
        }
        return sha256.length() > 11 ? sha256.substring(0, 11) + "…" : sha256;
    }

    static String change(StreamView r) {
        if (r.certificateChangeWarning()) {
            return "WARNING: CHANGED (was " + fingerprint(StreamJson.previousSha256(r)) + ")";
        }
        if (StreamJson.changeKind(r) == null) {
            return "-";
        }
        return StreamJson.changeKind(r).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
