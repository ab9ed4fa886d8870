package dev.portcullis.dna.core.posh;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses POSH documents strictly (RFC 7711 §3.1, §3.2) with Jackson: a JSON object with {@code expires} (a
 * non-negative integer) and exactly one of {@code fingerprints} (a non-empty array of descriptor objects whose
 * values are base64, RFC 4648 §4) and {@code url} (an HTTPS URI). Hash names follow the IANA "Hash Function
 * Textual Names" registry; the ones this client can compute are sha-256, sha-384 and sha-512 (hash agility:
 * unknown names are ignored, a descriptor with none we know is skipped).
 */
public final class PoshDocumentParser {
    public static final Set<String> KNOWN_HASHES = Set.of("sha-256", "sha-384", "sha-512");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public PoshDocument parse(byte[] body) throws MalformedPoshException {
        JsonNode root;
        try (JsonParser p = json.createParser(body)) {
            root = json.readTree(p);
            if (p.nextToken() != null) {
                throw new MalformedPoshException("there is more after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedPoshException("it is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPoshException("it cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPoshException("it is not a JSON object");
        }
        long expires = expires(root.get("expires"));
        boolean hasUrl = root.has("url");
        boolean hasFingerprints = root.has("fingerprints");
        if (hasUrl && hasFingerprints) {
            throw new MalformedPoshException("it has both \"url\" and \"fingerprints\" (RFC 7711 §3.1: a fingerprints "
                    + "document MUST NOT contain a \"url\" member)");
        }
        if (hasUrl) {
            return new PoshDocument.Reference(url(root.get("url")), expires);
        }
        if (!hasFingerprints) {
            throw new MalformedPoshException("it has neither \"fingerprints\" nor \"url\" (RFC 7711 §3.1, §3.2)");
        }
        return new PoshDocument.Fingerprints(fingerprints(root.get("fingerprints")), expires);
    }

    private static long expires(JsonNode n) throws MalformedPoshException {
        if (n == null) {
            throw new MalformedPoshException("the \"expires\" member is missing (RFC 7711 §3.1)");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new MalformedPoshException("\"expires\" is " + n + ", not a non-negative integer (RFC 7711 §3.1)");
        }
        return n.asLong();
    }

    private static URI url(JsonNode n) throws MalformedPoshException {
        if (!n.isTextual()) {
            throw new MalformedPoshException("\"url\" is " + n.getNodeType() + ", not a string (RFC 7711 §3.2)");
        }
        try {
            URI u = new URI(n.asText());
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new MalformedPoshException("\"url\" " + n.asText() + " is not an HTTPS URI (RFC 7711 §3: POSH "
                        + "servers MUST use HTTPS)");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new MalformedPoshException("\"url\" is not a URI: " + e.getMessage());
        }
    }

    private static List<Map<String, byte[]>> fingerprints(JsonNode n) throws MalformedPoshException {
        if (!n.isArray()) {
            throw new MalformedPoshException("\"fingerprints\" is " + n.getNodeType() + ", not an array (RFC 7711 §3.1)");
        }
        if (n.isEmpty()) {
            throw new MalformedPoshException("\"fingerprints\" is empty; it MUST include at least one fingerprint "
                    + "descriptor (RFC 7711 §3.1)");
        }
        List<Map<String, byte[]>> descriptors = new ArrayList<>();
        Set<String> seen = new java.util.TreeSet<>();
        for (JsonNode d : n) {
            if (!d.isObject()) {
                throw new MalformedPoshException("a fingerprint descriptor is " + d.getNodeType()
                        + ", not an object (RFC 7711 §3.1)");
            }
            Map<String, byte[]> hashes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey().toLowerCase(Locale.ROOT);
                seen.add(name);
                if (!e.getValue().isTextual()) {
                    throw new MalformedPoshException("fingerprint \"" + e.getKey() + "\" is not a string");
                }
                if (!KNOWN_HASHES.contains(name)) {
                    continue;
                }
                byte[] digest;
                try {
                    // whitespace is dropped: the RFC's examples wrap long values
                    digest = Base64.getDecoder().decode(e.getValue().asText().replaceAll("\\s", ""));
                } catch (IllegalArgumentException bad) {
                    throw new MalformedPoshException("fingerprint \"" + e.getKey() + "\" is not base64 (RFC 4648 §4)");
                }
                int expected = Integer.parseInt(name.substring(4)) / 8;
                if (digest.length != expected) {
                    throw new MalformedPoshException("fingerprint \"" + e.getKey() + "\" has " + digest.length
                            + " bytes, not the " + expected + " of a " + name + " digest");
                }
                hashes.put(name, digest);
            }
            if (!hashes.isEmpty()) {
                descriptors.add(hashes);
            }
        }
        if (descriptors.isEmpty()) {
            throw new MalformedPoshException("no fingerprint uses a hash this client knows (" + KNOWN_HASHES
                    + "); the document has " + seen);
        }
        return descriptors;
    }
}
