package dev.portcullis.dna;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification cache in the bundle's data area, so a bundle update or a restart does not throw away
 * evidence that is still valid (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"). Entries are stored with a fingerprint
 * of the configuration that produced them and are only restored under the same configuration; expired
 * entries are dropped on load. A damaged file is logged and ignored: the cache only saves work.
 */
final class VerificationCacheFile {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationCacheFile.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;

    VerificationCacheFile(Path file) {
        this.file = file;
    }

    void save(String configuration, Map<String, VerificationCache.Cached> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("configuration", configuration);
        ObjectNode all = root.putObject("entries");
        entries.forEach((key, cached) -> {
            encode(all.putObject(key).put("validUntil", cached.validUntil().toString()).putArray("results"),
                    cached.results());
        });
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not save the verification cache to {}: {}; the next start verifies peers afresh", file,
                    e.getMessage());
        }
    }

    /** Prooftype results as a JSON array (the file's and the shared store's form). */
    static void encode(ArrayNode results, List<ProofResult> list) {
        for (ProofResult r : list) {
            results.addObject().put("prooftype", r.prooftype()).put("status", r.status().name())
                    .put("reason", r.reason()).put("spec", r.specSection())
                    .put("validUntil", r.validUntil().toString());
        }
    }

    static String encode(List<ProofResult> list) {
        ArrayNode a = JSON.createArrayNode();
        encode(a, list);
        return a.toString();
    }

    static List<ProofResult> decode(JsonNode array) {
        List<ProofResult> results = new ArrayList<>();
        for (JsonNode r : array) {
            results.add(new ProofResult(r.path("prooftype").asText(), ProofStatus.valueOf(r.path("status").asText()),
                    r.path("reason").asText(), r.path("spec").asText(), Instant.parse(r.path("validUntil").asText())));
        }
        return results;
    }

    static List<ProofResult> decode(String json) throws IOException {
        return decode(JSON.readTree(json));
    }

    /** Entries saved under {@code configuration} that are still valid at {@code now}. */
    void loadInto(String configuration, VerificationCache cache, Instant now) {
        if (!Files.isReadable(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!configuration.equals(root.path("configuration").asText())) {
                return; // evidence gathered under another configuration does not carry over
            }
            int restored = 0;
            for (Map.Entry<String, JsonNode> e : root.path("entries").properties()) {
                List<ProofResult> results = decode(e.getValue().path("results"));
                if (!results.isEmpty() && VerificationCache.earliest(results).isAfter(now)) {
                    cache.put(e.getKey(), results);
                    restored++;
                }
            }
            LOG.info("Restored {} cached verification(s) from {}", restored, file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the verification cache in {}: {}; peers are verified afresh", file, e.getMessage());
        }
    }
}
