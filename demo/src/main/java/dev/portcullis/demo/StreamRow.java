package dev.portcullis.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One stream of {@code portcullis:streams --json}: the RFC 7590 §3.6 facts the demo prints and checks.
 *
 * @param id                 stream ID
 * @param direction          INBOUND or OUTBOUND
 * @param localDomain        our domain on the stream
 * @param peerDomain         the peer's domain
 * @param encrypted          whether TLS protects it
 * @param tlsVersion         e.g. TLSv1.3, or null
 * @param cipherSuite        IANA name, or null
 * @param authMethod         SASL_EXTERNAL, DIALBACK, ... or NONE
 * @param prooftype          pkix, dane, posh ... or null
 * @param certificateSha256  fingerprint of the peer's certificate, or null
 * @param changeKind         FIRST_SEEN, UNCHANGED, RENEWED_SAME_KEY, CHANGED, or null
 * @param changeWarning      true when the peer's key changed (RFC 7590 §3.6)
 * @param previousSha256     the fingerprint remembered before a change, or null
 * @param violations         the TLS policy's violations, if any
 */
record StreamRow(String id, String direction, String localDomain, String peerDomain, boolean encrypted,
                 String tlsVersion, String cipherSuite, String authMethod, String prooftype, String certificateSha256,
                 String changeKind, boolean changeWarning, String previousSha256, List<String> violations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    StreamRow {
        Objects.requireNonNull(direction, "direction");
        violations = List.copyOf(violations);
    }

    boolean outbound() {
        return "OUTBOUND".equals(direction);
    }

    /** Parses the command's output: a JSON array, possibly after other text the shell printed. */
    static List<StreamRow> parse(String output) throws IOException {
        int start = output.indexOf('[');
        if (start < 0) {
            throw new IOException("portcullis:streams --json printed no JSON array: " + abbreviate(output));
        }
        JsonNode array = JSON.readTree(output.substring(start, output.lastIndexOf(']') + 1));
        List<StreamRow> rows = new ArrayList<>();
        for (JsonNode n : array) {
            JsonNode change = n.path("certificateChange");
            List<String> violations = new ArrayList<>();
            n.path("policy").path("violations").forEach(v -> violations.add(v.asText()));
            rows.add(new StreamRow(text(n, "id"), Objects.requireNonNullElse(text(n, "direction"), "?"), text(n, "localDomain"), text(n, "peerDomain"),
                    n.path("encrypted").asBoolean(false), text(n, "tlsVersion"), text(n, "cipherSuite"),
                    text(n, "authMethod"), text(n, "prooftype"), text(n, "certificateSha256"),
                    text(change, "kind"), n.path("certificateChangeWarning").asBoolean(false),
                    text(change, "previousSha256"), violations));
        }
        return rows;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
