package dev.portcullis.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.stream.StreamView;
import java.util.List;
import java.util.Locale;

/** The RFC 7590 §3.6 facts of streams as a table for people and as JSON for scripts. */
final class StreamReports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StreamReports() {
    }

    static String table(List<StreamSecurity> streams) {
        if (streams.isEmpty()) {
            return "No s2s streams.";
        }
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"STREAM", "DIR", "LOCAL", "PEER", "TLS", "CIPHER SUITE", "AUTHENTICATED BY", "PROOF",
            "CERT SHA-256", "CERT CHANGE"});
        for (StreamSecurity s : streams) {
            // the peer chose its domain and (outbound) the stream id: escaped and bounded for the terminal
            rows.add(new String[] {shown(s.streamId()), s.direction() == dev.portcullis.api.Direction.INBOUND ? "in" : "out",
                shown(nz(s.localDomain())), shown(nz(s.peerDomain())), s.encrypted() ? nz(s.tlsProtocol()) : "PLAINTEXT",
                s.encrypted() ? nz(s.cipherSuite()) : "-", s.authMethod().name(), nz(s.provenBy()),
                s.peerCertificateSha256() == null ? "-" : s.peerCertificateSha256().substring(0,
                        Math.min(23, s.peerCertificateSha256().length())) + "…",
                change(s)});
        }
        // columns as wide as their widest cell, so stream IDs of any length (UUIDs outbound) stay aligned
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String change(StreamSecurity s) {
        CertificateChange c = s.certificateChange();
        if (c == null) {
            return "-";
        }
        if (s.certificateChangeWarning()) {
            return "WARNING: CHANGED since " + c.lastChanged() + " (was " + c.previousFingerprint() + ")";
        }
        return c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The streams as JSON: one {@link StreamView} each, mapped by Jackson (the console writes the same shape). */
    static String json(List<StreamSecurity> streams) {
        try {
            return JSON.writeValueAsString(streams.stream().map(StreamView::of).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the streams as JSON", e);
        }
    }

    static String nz(String s) {
        return s == null ? "-" : s;
    }

    /** A peer-controlled value as shown in a table: control characters escaped, length bounded (CWE-117). */
    private static String shown(String value) {
        return dev.portcullis.api.PeerText.of(value).toString();
    }
}
