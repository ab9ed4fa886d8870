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

/** {@code portcullis admin} and {@code portcullis stop}: one request over {@code data/admin.sock}. */
final class AdminClient {

    private AdminClient() {
    }

    static int command(Path socket, String commandLine, PrintStream out, PrintStream err) throws LauncherException {
        AdminProtocol.Frame answer = request(socket, AdminProtocol.COMMAND, commandLine);
        PrintStream target = answer.kind() == AdminProtocol.OK ? out : err;
        target.print(answer.text());
        target.flush();
        return answer.kind() == AdminProtocol.OK ? 0 : 1;
    }

    static int stop(Path socket, PrintStream out, PrintStream err) throws LauncherException {
        AdminProtocol.Frame answer = request(socket, AdminProtocol.STOP, "");
        (answer.kind() == AdminProtocol.OK ? out : err).print(answer.text());
        return answer.kind() == AdminProtocol.OK ? 0 : 1;
    }

    private static AdminProtocol.Frame request(Path socket, byte op, String text) throws LauncherException {
        if (!Files.exists(socket)) {
            throw new LauncherException("no Portcullis host is running with home " + socket.getParent().getParent()
                    + " (no " + socket + "); start it with 'portcullis run --home " + socket.getParent().getParent() + "'");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            AdminProtocol.write(out, op, text);
            return AdminProtocol.read(new DataInputStream(Channels.newInputStream(ch)), Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            throw new LauncherException("cannot talk to the Portcullis host over " + socket + " (" + e.getMessage()
                    + "); is it running? A stale socket from a crashed host is removed by the next 'run'", e);
        }
    }
}
