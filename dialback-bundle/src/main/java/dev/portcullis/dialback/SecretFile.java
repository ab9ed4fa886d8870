package dev.portcullis.dialback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialback secret generated once when the administrator configures none (XEP-0185 §2 note 3: "generated
 * as a random string"), kept in the bundle data area so keys stay valid across restarts and bundle updates,
 * readable by the owner only. Also remembers when a {@code secret.previous} was first configured, so its grace
 * period does not restart with every restart.
 */
final class SecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path secretFile;
    private final Path rotationFile;
    private final SecureRandom random;

    /** @param secretFile where to keep the secret, or {@code null} when there is no data area (kept in memory) */
    SecretFile(Path secretFile, SecureRandom random) {
        this.secretFile = secretFile;
        this.rotationFile = secretFile == null ? null
                : secretFile.resolveSibling(secretFile.getFileName() + ".rotation");
        this.random = random;
    }

    Path path() {
        return secretFile;
    }

    /** The persisted secret, generating and writing one on first use. Falls back to memory if the disk fails. */
    String loadOrCreate() {
        if (secretFile == null) {
            LOG.error("The OSGi framework gives the dialback bundle no data area; using a secret kept in memory only, "
                    + "so keys change on restart. Set `secret` in etc/dev.portcullis.dialback.cfg.");
            return newSecret();
        }
        try {
            if (Files.exists(secretFile)) {
                String stored = Files.readString(secretFile, StandardCharsets.US_ASCII).trim();
                if (GENERATED.matcher(stored).matches()) {
                    tightenPermissions(secretFile);
                    return stored;
                }
                Path aside = secretFile.resolveSibling(secretFile.getFileName() + ".corrupt-" + System.nanoTime());
                Files.move(secretFile, aside);
                LOG.warn("The generated dialback secret in {} is not 64 hex digits; kept it as {} and generated a new one. "
                        + "Peers verifying keys from the old secret will answer invalid until they reconnect.", secretFile, aside);
            }
            String secret = newSecret();
            writeOwnerOnly(secretFile, secret + "\n");
            LOG.info("Generated a dialback secret in {} (XEP-0185 §2). A cluster of hosts serving the same domains "
                    + "must share one secret: copy it to `secret` in etc/dev.portcullis.dialback.cfg on every host.", secretFile);
            return secret;
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read or write the dialback secret file {} ({}); using a secret kept in memory only, so keys "
                    + "change on restart. Check the permissions of the bundle data area, or set `secret` in "
                    + "etc/dev.portcullis.dialback.cfg.", secretFile, e.toString());
            return newSecret();
        }
    }

    /** 256 random bits, hex: XEP-0185 §2 note 3, "generated as a random string". */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * When the given previous secret was first configured: the recorded instant if it is the same secret,
     * otherwise {@code now}, recorded. Only a SHA-256 of the secret is written.
     */
    Instant previousSince(String previousSecret, Instant now) {
        if (rotationFile == null) {
            return now;
        }
        String hash = sha256(previousSecret);
        try {
            if (Files.exists(rotationFile)) {
                String[] parts = Files.readString(rotationFile, StandardCharsets.US_ASCII).trim().split(" ");
                if (parts.length == 2 && parts[0].equals(hash)) {
                    return Instant.parse(parts[1]);
                }
            }
            writeOwnerOnly(rotationFile, hash + " " + now + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot record the dialback secret rotation in {} ({}); the grace period of secret.previous "
                    + "counts from now.", rotationFile, e.toString());
        }
        return now;
    }

    private static void writeOwnerOnly(Path target, String content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // Written to a temporary file first so a crash never leaves half a secret behind.
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp",
                attributes);
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        if (!posix) {
            temp.toFile().setReadable(false, false);
            temp.toFile().setReadable(true, true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void tightenPermissions(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warn("The dialback secret file {} was readable by others; restricted it to its owner.", file);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
