package dev.portcullis.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The Web Console's admin password, kept in a file only its owner can read. There is no default password:
 * if the file does not exist, a random one is generated (144 bits from {@link SecureRandom}) and written with
 * permissions {@code rw-------} from the moment the file is created.
 */
final class PasswordFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final SecureRandom random;

    PasswordFile(Path file, SecureRandom random) {
        this.file = file;
        this.random = random;
    }

    Path path() {
        return file;
    }

    /** The password in the file (first line, trimmed), generating the file first if it does not exist. */
    String readOrCreate() throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException e) {
                // another start won the race: use what it wrote
            } catch (UnsupportedOperationException e) {
                throw new IOException("cannot create " + file + " readable by its owner only (no POSIX permissions on "
                        + "this file system); set password.file in etc/dev.portcullis.console.cfg to a file on one", e);
            }
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
        if (password.length() < 12) {
            throw new IOException("the web console password in " + file + " is shorter than 12 characters; write a "
                    + "longer one there, or delete the file and a random one is generated at the next start");
        }
        return password;
    }

    /** True when others than the owner may read the file: the console warns. */
    boolean readableByOthers() throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    /** The form the Felix Web Console compares against: {@code {sha-256}} and the Base64 SHA-256 of the UTF-8 bytes. */
    static String webConsoleHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
