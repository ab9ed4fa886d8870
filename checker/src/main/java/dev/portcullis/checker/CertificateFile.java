package dev.portcullis.checker;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads the certificates of a PEM file with Bouncy Castle's {@link PEMParser}, as an ACME client writes them
 * ({@code cert.pem}, {@code fullchain.pem}, or key and chain in one file: other PEM objects are skipped). The
 * end-entity certificate comes first (RFC 8446 §4.4.2 order, as servers are configured).
 */
final class CertificateFile {
    /** The file cannot be used; the message says why, for an administrator. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private CertificateFile() {
    }

    static List<X509Certificate> read(Path file) throws Unusable {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(converter.getCertificate(h));
                }
            }
        } catch (NoSuchFileException e) {
            throw new Unusable("no such file: " + file);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new Unusable(file + " is not a PEM certificate file: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new Unusable(file + " holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")");
        }
        return out;
    }
}
