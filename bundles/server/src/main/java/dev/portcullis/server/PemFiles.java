package dev.portcullis.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and an unencrypted PKCS#8 PEM key with java.security alone (RFC 7468 §5,
 * §10), so the server needs no Bouncy Castle. Failures throw {@link IllegalArgumentException} with a reason
 * an administrator can act on.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    // Algorithms a PKCS#8 key may hold; the encoding names the algorithm, but KeyFactory needs it named.
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS", "EdDSA");

    private PemFiles() {
    }

    static List<X509Certificate> readChain(Path file) {
        String text = read(file, "certificate");
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = decode(m.group(2), file);
                    chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " holds a certificate that cannot be parsed: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return chain;
    }

    static PrivateKey readKey(Path file) {
        String text = read(file, "key");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(m.group(2), file), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file
                        + " is encrypted; the server starts unattended and needs an unencrypted key: "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out plain.key");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException(file + " is in the "
                        + "legacy " + m.group(1) + " format; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                        + file + " -out pkcs8.key");
                default -> {
                    // not a key block (e.g. EC PARAMETERS); keep looking
                }
            }
        }
        throw new IllegalArgumentException(file + " holds no -----BEGIN PRIVATE KEY----- block");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + " holds a PKCS#8 key of an algorithm Java cannot read "
                + "(supported: " + String.join(", ", KEY_ALGORITHMS) + ")");
    }

    private static byte[] decode(String base64, Path file) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " has a damaged PEM block: " + e.getMessage());
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not a PEM text file (DER? convert with openssl x509 -inform der)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e);
        }
    }
}
