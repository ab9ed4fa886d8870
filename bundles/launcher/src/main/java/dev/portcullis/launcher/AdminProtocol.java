package dev.portcullis.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The admin socket's framing. Request: one op byte ({@link #COMMAND} or {@link #STOP}), a 4-byte length and
 * that many UTF-8 bytes (the Gogo command line). Response: one status byte, a 4-byte length and the UTF-8
 * output. The status byte is the exit status of {@code portcullis admin} ({@link #OK}, {@link #FAILED},
 * {@link #USAGE}; see {@link ExitStatus}), so the client has nothing to translate. One request per connection.
 * (The test kit's {@code dev.portcullis.testkit.host.AdminConnection} speaks the same framing.)
 */
final class AdminProtocol {

    static final byte COMMAND = 'C';
    static final byte STOP = 'S';
    static final byte OK = ExitStatus.OK;
    static final byte FAILED = ExitStatus.FAILED;
    static final byte USAGE = ExitStatus.USAGE;
    /** Large enough for any command line; a peer announcing more is not a Portcullis client. */
    static final int MAX_REQUEST = 1 << 20;

    private AdminProtocol() {
    }

    static void write(DataOutputStream out, byte kind, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte(kind);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** A decoded frame. */
    record Frame(byte kind, String text) {
    }

    static Frame read(DataInputStream in, int max) throws IOException {
        int kind = in.read();
        if (kind < 0) {
            throw new EOFException("the other side closed the admin connection without a word");
        }
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IOException("admin frame of " + length + " bytes refused (limit " + max + ")");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("admin connection closed in the middle of a frame");
        }
        return new Frame((byte) kind, new String(bytes, StandardCharsets.UTF_8));
    }
}
