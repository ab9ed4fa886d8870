package dev.portcullis.server;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate and key files of a local domain as they are on disk now, to notice a renewal: certbot
 * switches {@code live/<name>/fullchain.pem} and {@code privkey.pem} to a new {@code archive/} version, other
 * ACME clients replace the files in place. Either way the bytes behind the configured paths change, so the
 * stamp is a digest of the contents (symlinks followed), not of paths or modification times.
 */
record CertificateFiles(Path certificate, Path key) {

    /** SHA-256 over both files' contents, or {@code null} while one cannot be read (mid-renewal, removed). */
    String stamp() {
        try {
            byte[] cert = Files.readAllBytes(certificate);
            byte[] k = Files.readAllBytes(key);
            byte[] both = new byte[cert.length + k.length + 1];
            System.arraycopy(cert, 0, both, 0, cert.length);
            both[cert.length] = 0; // the boundary, so moving bytes from one file to the other changes the stamp
            System.arraycopy(k, 0, both, cert.length + 1, k.length);
            return Fingerprints.sha256(both);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Where the configured path points now (the certbot {@code archive/} file), for the log. */
    static String resolved(Path file) {
        try {
            Path real = file.toRealPath();
            return real.equals(file.toAbsolutePath()) ? file.toString() : file + " -> " + real;
        } catch (IOException e) {
            return file.toString();
        }
    }
}
