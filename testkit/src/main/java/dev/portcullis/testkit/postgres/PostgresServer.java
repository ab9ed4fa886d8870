package dev.portcullis.testkit.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql}) for one test class: {@code initdb} into a directory under
 * target/, {@code pg_ctl} on its own port on 127.0.0.1, no system service. {@code initdb} refuses to run as root,
 * so when the tests run as root (CI does) the cluster belongs to the {@code postgres} user the package creates,
 * and the commands run through {@code runuser}. Password authentication (scram-sha-256) for user
 * {@value #USER} with the password in {@link #passwordFile()}.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "portcullis";
    public static final String DATABASE = "portcullis";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final Path passwordFile;

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgresUser, Path passwordFile) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.passwordFile = passwordFile;
    }

    /** Creates a cluster in {@code workDir}/pgdata with database and user {@value #USER}, and starts it. */
    public static PostgresServer start(Path workDir) throws IOException, InterruptedException {
        Path bin = findBin();
        Files.createDirectories(workDir);
        Path data = workDir.toAbsolutePath().resolve("pgdata");
        deleteTree(data);
        boolean root = "root".equals(System.getProperty("user.name"));
        int port = freePort();
        Path pwFile = workDir.toAbsolutePath().resolve("postgres.password");
        String password = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        Files.writeString(pwFile, password + "\n");
        Path superPw = workDir.toAbsolutePath().resolve("superuser.password");
        Files.writeString(superPw, password + "\n");
        PostgresServer server = new PostgresServer(data, bin, port, root, pwFile);
        if (root) {
            // initdb and postgres refuse root: the postgres user must reach and own the cluster directory
            for (Path p = workDir.toAbsolutePath(); p != null; p = p.getParent()) {
                p.toFile().setExecutable(true, false);
            }
            server.run(List.of("chown", "postgres", workDir.toAbsolutePath().toString(), superPw.toString()), false);
        }
        server.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A",
                "scram-sha-256", "--pwfile=" + superPw, "-E", "UTF8", "--locale=C"), true);
        Files.writeString(data.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = ''\nfsync = on\nmax_connections = 100\nshared_buffers = 16MB\n",
                java.nio.file.StandardOpenOption.APPEND);
        server.startServer();
        server.psql("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
        server.psql("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
        return server;
    }

    /** Starts the cluster again after {@link #stop()}. */
    public void startServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-l", dir.resolveSibling("postgres.log")
                .toString(), "-w", "-t", "60", "start"), true);
    }

    /** Stops the cluster at once (pg_ctl -m immediate: connections break as when the server dies). */
    public void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop"), true);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?sslmode=disable";
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public String password() throws IOException {
        return Files.readString(passwordFile).trim();
    }

    /** Runs one SQL command as the superuser in {@code database}; returns psql's output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return run(List.of("env", "PGPASSWORD=" + password(), bin.resolve("psql").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c",
                sql), false);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException | AssertionError e) {
            // already stopped
        }
    }

    private String run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return out.trim();
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new AssertionError("PostgreSQL's initdb is not installed (looked in /usr/lib/postgresql/*/bin), and this "
                + "test needs the real thing. Install it with: apt-get install -y postgresql (scripts/install-test-tools "
                + "does this on CI)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
