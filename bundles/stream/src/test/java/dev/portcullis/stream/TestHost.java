package dev.portcullis.stream;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.stream.AuthMethod;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Records everything a session reports; queues writes and tasks for {@link Link} to deliver. */
final class TestHost implements SessionHost {
    final String name;
    S2sSession session;
    final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<String> authenticated = new ArrayList<>();
    final List<String> failedPairs = new ArrayList<>();
    final List<DialbackError> failureConditions = new ArrayList<>();
    final List<Element> stanzas = new ArrayList<>();
    final List<SecurityNote> notes = new ArrayList<>();
    boolean closed;
    StreamException closedWith;
    /** When set, offloaded work waits in {@link #offloaded} until {@link Link#pump} runs it (a worker pool). */
    boolean deferOffload;
    /** When set, offloads are refused (the host's worker queue is full). */
    boolean refuseOffload;
    final ArrayDeque<Runnable> offloaded = new ArrayDeque<>();
    int offloads;
    /** True while offloaded work runs (on the worker, in a real host). */
    boolean inOffloadedWork;

    TestHost(String name) {
        this.name = name;
    }

    @Override
    public void write(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        written.writeBytes(b);
        outbox.add(ByteBuffer.wrap(b));
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public boolean offload(Runnable work, Runnable then) {
        if (refuseOffload) {
            return false;
        }
        offloads++;
        Runnable job = () -> {
            inOffloadedWork = true;
            try {
                work.run();
            } finally {
                inOffloadedWork = false;
            }
        };
        if (!deferOffload) {
            job.run();
            then.run();
            return true;
        }
        offloaded.add(() -> {
            job.run();
            tasks.add(then); // back on the session's thread, serialized like execute
        });
        return true;
    }

    @Override
    public void authenticated(S2sSession s, String localDomain, String peerDomain, AuthMethod method) {
        authenticated.add(localDomain + "|" + peerDomain + "|" + method);
    }

    @Override
    public void authenticationFailed(S2sSession s, String localDomain, String peerDomain, String reason,
                                     DialbackError condition) {
        failedPairs.add(localDomain + "|" + peerDomain + "|" + reason);
        failureConditions.add(condition);
    }

    @Override
    public void stanza(S2sSession s, Element stanza) {
        stanzas.add(stanza);
    }

    @Override
    public void closed(S2sSession s, StreamException errorOrNull) {
        if (closed) {
            throw new AssertionError(name + ": closed() reported twice");
        }
        closed = true;
        closedWith = errorOrNull;
    }

    @Override
    public void security(S2sSession s, SecurityNote note) {
        notes.add(note);
    }

    boolean noted(SecurityNote.Kind kind) {
        return notes.stream().anyMatch(n -> n.kind() == kind);
    }

    /** Takes everything written so far as one string (plaintext sessions only). */
    String drainText() {
        StringBuilder sb = new StringBuilder();
        while (!outbox.isEmpty()) {
            sb.append(StandardCharsets.UTF_8.decode(outbox.poll()));
        }
        return sb.toString();
    }

    void runTasks() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }
}
