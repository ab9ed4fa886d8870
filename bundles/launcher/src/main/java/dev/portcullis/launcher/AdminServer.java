package dev.portcullis.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin channel: a Unix domain socket at {@code data/admin.sock}, readable and writable by the owner
 * only (no TCP port, so nothing on the network can reach the Gogo shell). Each connection carries one
 * {@link AdminProtocol} request: a Gogo command, or stop.
 */
final class AdminServer implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final GogoCommands gogo;
    private final Supplier<String> stopper;
    private final HostLog log;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portcullis-admin");
        t.setDaemon(true);
        return t;
    });

    private AdminServer(Path socket, ServerSocketChannel server, GogoCommands gogo, Supplier<String> stopper, HostLog log) {
        this.socket = socket;
        this.server = server;
        this.gogo = gogo;
        this.stopper = stopper;
        this.log = log;
    }

    /**
     * Binds the socket. It is bound inside a fresh owner-only directory, restricted to mode 0600 and only
     * then renamed into place, so there is no moment at which another local user could connect.
     *
     * @param stopper stops the host and returns the text to send back once it has stopped
     */
    static AdminServer open(Path socket, GogoCommands gogo, Supplier<String> stopper, HostLog log)
            throws IOException, LauncherException {
        refuseIfAnswering(socket);
        Files.deleteIfExists(socket);
        // A Unix socket path is limited to about 107 bytes and this one is bound first: keep it no longer
        // than the final data/admin.sock (data/.s<pid>/s), so any home that can have the socket can stage it.
        Path privateDir = socket.resolveSibling(".s" + ProcessHandle.current().pid());
        deleteTree(privateDir);
        Files.createDirectory(privateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staging = privateDir.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            try {
                server.bind(UnixDomainSocketAddress.of(staging));
            } catch (java.net.SocketException e) {
                throw new LauncherException("cannot open the admin socket " + socket + " (" + e.getMessage() + "); "
                        + "Unix socket paths are limited to about 100 characters: use a shorter --home path", e);
            }
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
            Files.move(staging, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | LauncherException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(staging);
            Files.deleteIfExists(privateDir);
        }
        AdminServer admin = new AdminServer(socket, server, gogo, stopper, log);
        Thread acceptor = new Thread(admin::acceptLoop, "portcullis-admin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return admin;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.deleteIfExists(dir);
    }

    /** A socket that still answers belongs to a running host: two hosts on one home would corrupt it. */
    private static void refuseIfAnswering(Path socket) throws LauncherException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException stale) {
            return; // left behind by a host that was killed; safe to replace
        }
        Path home = socket.getParent().getParent();
        throw new LauncherException("another Portcullis host is already running with home " + home
                + " (its admin socket " + socket + " answers); stop it with 'portcullis stop --home " + home + "'");
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("Admin socket " + socket + " failed to accept a connection: " + e.getMessage());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(client));
            AdminProtocol.Frame request = AdminProtocol.read(in, AdminProtocol.MAX_REQUEST);
            switch (request.kind()) {
                case AdminProtocol.COMMAND -> {
                    GogoCommands.Result r = gogo.execute(request.text());
                    AdminProtocol.write(out, r.status(), r.output());
                }
                case AdminProtocol.STOP -> {
                    log.info("Stop requested over the admin socket");
                    AdminProtocol.write(out, AdminProtocol.OK, stopper.get());
                }
                default -> AdminProtocol.write(out, AdminProtocol.USAGE,
                        "Error: unknown admin request; use the portcullis script of the same version\n");
            }
        } catch (java.io.EOFException e) {
            // a connect-and-close probe (a starting host checking for a running one): nothing to answer
        } catch (IOException e) {
            log.warn("Admin request over " + socket + " failed: " + e.getMessage());
        }
    }

    /** Stops accepting, lets requests in flight (a stop's answer) finish, removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing left to report
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket is detected and replaced by the next start
        }
    }
}
