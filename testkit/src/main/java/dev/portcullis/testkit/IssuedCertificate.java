package dev.portcullis.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An end-entity certificate from {@link TestCa}, with its key and issuer.
 *
 * @param certificate the end-entity certificate
 * @param keyPair     its key pair
 * @param issuer      the CA certificate that signed it
 */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair, X509Certificate issuer) {

    /** End-entity first, then the CA; only the certificate when it is self-signed. */
    public List<X509Certificate> chain() {
        return selfSigned() ? List.of(certificate) : List.of(certificate, issuer);
    }

    /** True when no CA signed it ({@link TestCa.Issue#selfSigned()}). */
    public boolean selfSigned() {
        return issuer.equals(certificate);
    }

    /** Writes {@code <name>.crt} (chain, PEM) and {@code <name>.key} (PKCS#8 PEM) into {@code dir}. */
    public Pem writePem(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : chain()) {
            pem.append(TestCa.pem(c));
        }
        Files.writeString(crt, pem);
        Files.writeString(key, TestCa.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keyPair.getPrivate(), null)));
        return new Pem(crt, key);
    }

    /** Paths of a written certificate chain and key. */
    public record Pem(Path certificate, Path key) {
    }
}
