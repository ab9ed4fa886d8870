package dev.portcullis.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code portcullis admin} and {@code portcullis stop}: one request over {@code data/admin.sock}. The output of a
 * command that succeeded goes to stdout, that of one that failed to stderr; the exit status is the answer's
 * ({@link ExitStatus}), or {@link ExitStatus#NO_HOST} when no host answers.
 */
final class AdminClient {

    private AdminClient() {
    }

    static int command(Path socket, String commandLine, PrintStream out, PrintStream err) throws LauncherException {
        return print(request(socket, AdminProtocol.COMMAND, commandLine), out, err);
    }

    static int stop(Path socket, PrintStream out, PrintStream err) throws LauncherException {
        return print(request(socket, AdminProtocol.STOP, ""), out, err);
    }

    private static int print(AdminProtocol.Frame answer, PrintStream out, PrintStream err) {
        int status = ExitStatus.ofAnswer(answer.kind());
        PrintStream target = status == ExitStatus.OK ? out : err;
        target.print(answer.text());
        target.flush();
        return status;
    }

    private static AdminProtocol.Frame request(Path socket, byte op, String text) throws LauncherException {
        Path home = socket.getParent().getParent();
        if (!Files.exists(socket)) {
            throw new LauncherException(ExitStatus.NO_HOST, "no Portcullis host is running with home " + home
                    + " (no " + socket + "); start it with 'portcullis run --home " + home + "'", null);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new LauncherException(ExitStatus.NO_HOST, "no Portcullis host answers on " + socket + " ("
                        + e.getMessage() + "); is it running? A stale socket from a crashed host is removed by the next"
                        + " 'portcullis run --home " + home + "'", e);
            }
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            AdminProtocol.write(out, op, text);
            return AdminProtocol.read(new DataInputStream(Channels.newInputStream(ch)), Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            throw new LauncherException("the Portcullis host stopped answering over " + socket + " (" + e.getMessage()
                    + "); see " + home.resolve("data/log/portcullis.log"), e);
        }
    }
}
