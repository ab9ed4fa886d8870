package dev.portcullis.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;

/**
 * The demo's detail log: everything the console leaves out (DNS queries, host output, stack traces). Its
 * path is printed at the start and the end, so the console stays short and a failure can still be diagnosed.
 */
final class DemoLog implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final Path file;
    private final PrintWriter out;
    private final Clock clock;

    DemoLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.getParent());
            this.out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo log " + file, e);
        }
    }

    Path file() {
        return file;
    }

    synchronized void line(String text) {
        out.println(TIME.format(clock.instant()) + " " + text);
    }

    synchronized void error(String what, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        out.println(TIME.format(clock.instant()) + " " + what + "\n" + trace);
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
