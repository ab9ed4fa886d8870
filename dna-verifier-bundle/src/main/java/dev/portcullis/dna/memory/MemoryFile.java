package dev.portcullis.dna.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.RememberedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certificate memory's JSON file in the bundle data area: written to a temporary file and moved into place,
 * so a crash never leaves half a file; a file that cannot be read is set aside, never overwritten.
 */
final class MemoryFile {
    static final int VERSION = 1;
    private final ObjectMapper json = new ObjectMapper();
    private final Path file;

    MemoryFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    Map<String, RememberedCertificate> read() throws IOException {
        Map<String, RememberedCertificate> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        JsonNode root = json.readTree(file.toFile());
        if (root == null || !root.path("entries").isObject()) {
            throw new IOException("no \"entries\" object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("entries").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.put(e.getKey(), decode(e.getKey(), e.getValue()));
        }
        return entries;
    }

    /** One entry from its JSON object (the file's and the shared store's form). */
    static RememberedCertificate decode(String domain, JsonNode n) throws IOException {
        try {
            return new RememberedCertificate(domain, text(n, "fingerprint"),
                    text(n, "spkiFingerprint"), n.hasNonNull("previousFingerprint") ? n.get("previousFingerprint")
                    .asText() : null, instant(n, "firstSeen"), instant(n, "lastSeen"), instant(n, "lastChanged"),
                    CertificateChangeKind.valueOf(text(n, "lastChangeKind")), n.path("changeProven").asBoolean());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("entry for " + domain + " is not valid: " + e.getMessage(), e);
        }
    }

    /** One entry as a JSON object. */
    static void encode(ObjectNode n, RememberedCertificate r) {
        n.put("fingerprint", r.fingerprint());
        n.put("spkiFingerprint", r.spkiFingerprint());
        n.put("previousFingerprint", r.previousFingerprint());
        n.put("firstSeen", r.firstSeen().toString());
        n.put("lastSeen", r.lastSeen().toString());
        n.put("lastChanged", r.lastChanged().toString());
        n.put("lastChangeKind", r.lastChangeKind().name());
        n.put("changeProven", r.changeProven());
    }

    /** Moves an unreadable file aside so nothing is lost, and says where. */
    Path setAside() throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + Instant.now().toEpochMilli());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    void write(Map<String, RememberedCertificate> entries) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ObjectNode all = root.putObject("entries");
        for (RememberedCertificate r : entries.values()) {
            encode(all.putObject(r.domain()), r);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("entry without \"" + field + "\"");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) throws IOException {
        try {
            return Instant.parse(text(n, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("\"" + field + "\" is not an instant: " + e.getMessage(), e);
        }
    }
}
