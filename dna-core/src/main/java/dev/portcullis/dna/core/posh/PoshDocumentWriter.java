package dev.portcullis.dna.core.posh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Writes POSH documents (RFC 7711 §3.1, §3.2) with Jackson, in the form {@link PoshDocumentParser} accepts: a
 * fingerprints document with one descriptor per certificate (SHA-256 and SHA-512 over its DER, base64 per
 * RFC 4648 §4), or a reference document naming an HTTPS URL.
 */
public final class PoshDocumentWriter {
    /** The hash names written, from the IANA "Hash Function Textual Names" registry (RFC 7711 §3.1). */
    static final List<String> HASHES = List.of("sha-256", "sha-512");

    private final ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * A fingerprints document (RFC 7711 §3.1): the certificates in order of relevance (e.g. the renewed one
     * first), each as one descriptor; {@code expires} seconds, at least 1 (0 declares the material invalid).
     */
    public String fingerprints(List<X509Certificate> certificates, long expires) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a fingerprints document needs at least one certificate (RFC 7711 §3.1)");
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode descriptors = root.putArray("fingerprints");
        for (X509Certificate c : certificates) {
            ObjectNode d = descriptors.addObject();
            for (String hash : HASHES) {
                d.put(hash, Base64.getEncoder().encodeToString(digest(hash, der(c))));
            }
        }
        root.put("expires", validExpires(expires));
        return write(root);
    }

    /** A reference document (RFC 7711 §3.2): the HTTPS URL of the fingerprints document. */
    public String reference(URI url, long expires) {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the url " + url + " is not an HTTPS URL (RFC 7711 §3.2)");
        }
        ObjectNode root = json.createObjectNode();
        root.put("url", url.toString());
        root.put("expires", validExpires(expires));
        return write(root);
    }

    private static long validExpires(long expires) {
        if (expires < 1) {
            throw new IllegalArgumentException("expires must be a positive number of seconds; " + expires
                    + " would declare the material invalid (RFC 7711 §3.1)");
        }
        return expires;
    }

    private String write(ObjectNode root) {
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static byte[] digest(String hashName, byte[] data) {
        try {
            return MessageDigest.getInstance(hashName.toUpperCase(java.util.Locale.ROOT)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hashName + " is required of every Java platform", e);
        }
    }
}
