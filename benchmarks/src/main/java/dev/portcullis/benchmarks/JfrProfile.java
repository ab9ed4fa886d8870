package dev.portcullis.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went, from a JFR recording's {@code jdk.ExecutionSample} events: the share of samples
 * per thread, per kind of work (the innermost frame that names one, see {@link #category}) and per innermost
 * method ("self" time).
 */
record JfrProfile(int samples, List<Share> threads, List<Share> categories, List<Share> selfMethods) {
    record Share(String name, int samples, double percent) {
    }

    /** One sampled stack: the thread's name and the frames innermost first ({@code class.method}). */
    record Sample(String thread, List<String> frames) {
        Sample {
            frames = List.copyOf(frames);
        }
    }

    /** Kinds of work, tested on each frame innermost first; the first frame that matches decides. */
    private static final Map<String, List<String>> CATEGORIES = categoryTable();

    private static Map<String, List<String>> categoryTable() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("public-key and symmetric crypto arithmetic", List.of("java.math.", "sun.security.util.math.",
                "sun.security.ec.", "sun.security.rsa.", "com.sun.crypto.provider.", "sun.security.provider.",
                "org.conscrypt.NativeCrypto"));
        m.put("certificate parsing and path validation", List.of("sun.security.x509.", "sun.security.validator.",
                "sun.security.provider.certpath.", "sun.security.util.DerValue", "sun.security.util.DerInputStream",
                "java.security.cert."));
        m.put("TLS protocol (JSSE / Conscrypt)", List.of("sun.security.ssl.", "org.conscrypt.", "javax.net.ssl."));
        m.put("Portcullis", List.of("dev.portcullis."));
        m.put("logging", List.of("org.apache.logging.", "org.ops4j.pax.logging.", "org.slf4j."));
        m.put("NIO and sockets", List.of("sun.nio.", "java.nio.", "sun.net."));
        return m;
    }

    static String category(List<String> framesInnermostFirst) {
        for (String f : framesInnermostFirst) {
            for (Map.Entry<String, List<String>> c : CATEGORIES.entrySet()) {
                for (String prefix : c.getValue()) {
                    if (f.startsWith(prefix)) {
                        return c.getKey();
                    }
                }
            }
        }
        return "other (JDK, JIT, GC-visible Java code)";
    }

    static JfrProfile of(List<Sample> samples, int top) {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> cats = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        for (Sample s : samples) {
            threads.merge(s.thread(), 1, Integer::sum);
            cats.merge(category(s.frames()), 1, Integer::sum);
            self.merge(s.frames().isEmpty() ? "(no Java frame)" : s.frames().get(0), 1, Integer::sum);
        }
        return new JfrProfile(samples.size(), topOf(threads, samples.size(), top), topOf(cats, samples.size(), top),
                topOf(self, samples.size(), top));
    }

    private static List<Share> topOf(Map<String, Integer> counts, int total, int top) {
        List<Share> l = new ArrayList<>();
        counts.forEach((k, v) -> l.add(new Share(k, v, total == 0 ? 0 : 100.0 * v / total)));
        l.sort(Comparator.comparingInt(Share::samples).reversed().thenComparing(Share::name));
        return List.copyOf(l.subList(0, Math.min(top, l.size())));
    }

    /** Reads a recording; thread names with a trailing number ({@code pool-3-thread-7}) are kept as they are. */
    static JfrProfile read(Path recording, int top) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                if (f.isJavaFrame()) {
                    frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            samples.add(new Sample(thread == null ? "?" : thread, frames));
        }
        return of(samples, top);
    }
}
