package dev.portcullis.testkit.host;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Client side of the host's admin socket ({@code data/admin.sock}). Same framing as the launcher's
 * {@code dev.portcullis.launcher.AdminProtocol} (the test kit cannot depend on the launcher: every bundle
 * module has the test kit as a test dependency, and the launcher depends on every bundle module).
 * Request: op byte ('C' command, 'S' stop), int length, UTF-8. Response: status byte (the exit status of
 * {@code portcullis admin}: 0 ok, 1 failed, 2 usage), int length, UTF-8 (stdout when 0, else stderr).
 */
final class AdminConnection {

    private static final byte COMMAND = 'C';
    private static final byte STOP = 'S';

    private AdminConnection() {
    }

    static AdminResult command(Path socket, String commandLine) throws IOException {
        return request(socket, COMMAND, commandLine);
    }

    static AdminResult stop(Path socket) throws IOException {
        return request(socket, STOP, "");
    }

    /** True when a host listens on the socket. */
    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static AdminResult request(Path socket, byte op, String text) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeByte(op);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            int status = in.read();
            if (status < 0) {
                throw new EOFException("the host closed the admin connection without an answer");
            }
            int length = in.readInt();
            String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            // as the launcher's AdminClient: a status byte it does not know counts as failed
            int exit = status == 0 || status == 2 ? status : 1;
            return exit == 0 ? new AdminResult(0, answer, "") : new AdminResult(exit, "", answer);
        }
    }
}
