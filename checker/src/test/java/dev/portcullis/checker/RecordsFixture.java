package dev.portcullis.checker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fixed certificates of the record-helper tests (src/test/resources/.../records, made once with openssl: an
 * EC P-256 end entity for xmpp.example.org and example.org, issued by "Example Records CA"), and their digests as
 * openssl computes them, so the expected output does not come from the code under test:
 * {@code openssl x509 -pubkey -noout -in F | openssl pkey -pubin -outform DER | sha256sum} and
 * {@code openssl x509 -outform DER -in F | openssl dgst -sha256 -binary | base64}.
 */
final class RecordsFixture {
    static final String EE_SPKI_SHA256 = "fbd49b6937f1ef0e0de727b1c27b3a54e59b26e9172a2480889059bb4a96861e";
    static final String CA_SPKI_SHA256 = "d738ade53e3bd3ba644da8c5fc84b6cd6fc2468b9d377294cf72d038ae3f533b";
    static final String EE_DER_SHA256_B64 = "w04S4XtW7dBkssj+5iv/pCEzbr+e934CV2iA6apQcFs=";
    static final String EE_DER_SHA512_B64 =
            "mTEQjcaP6sRgX1Y5O7Zqv3kNFOD4tHNz5e5gYvtdxmIpi+6sRY7a5xPuesQmZUgx/2Jhamj0odZQnDDm6QSd1A==";

    private RecordsFixture() {
    }

    /** Copies a fixture file into {@code dir}, as an administrator's file on disk. */
    static Path copy(String name, Path dir) {
        try (InputStream in = RecordsFixture.class.getResourceAsStream("records/" + name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One run of {@link RecordsMain} with its exit status, stdout and stderr. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RecordsMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
