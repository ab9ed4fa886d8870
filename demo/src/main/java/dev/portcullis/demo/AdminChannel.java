package dev.portcullis.demo;

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
 * Client of a host's admin socket ({@code data/admin.sock}), the channel {@code bin/portcullis admin} uses.
 * Framing as the launcher's {@code AdminProtocol}: request = op byte ('C' command, 'S' stop), 4-byte length,
 * UTF-8 text; answer = status byte (the exit status of portcullis admin: 0 ok, 1 failed, 2 usage), 4-byte length,
 * UTF-8 output. One request per connection.
 */
final class AdminChannel {
    private static final byte COMMAND = 'C';
    private static final byte STOP = 'S';
    private static final int MAX_ANSWER = 16 << 20;

    private final Path socket;

    AdminChannel(Path socket) {
        this.socket = socket;
    }

    /** What one command answered. */
    record Answer(boolean ok, String output) {
    }

    Answer command(String commandLine) throws IOException {
        return request(COMMAND, commandLine);
    }

    Answer stop() throws IOException {
        return request(STOP, "");
    }

    /** True when a host accepts connections on the socket. */
    boolean answers() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private Answer request(byte op, String text) throws IOException {
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
            if (length < 0 || length > MAX_ANSWER) {
                throw new IOException("admin answer of " + length + " bytes: not a Portcullis host");
            }
            return new Answer(status == 0, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }
}
