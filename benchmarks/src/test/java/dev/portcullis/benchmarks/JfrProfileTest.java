package dev.portcullis.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Aggregation of JFR execution samples into the shares RESULTS.md prints. */
class JfrProfileTest {

    @Test
    @DisplayName("each sample counts once per thread, once for its innermost categorised frame, once for its innermost method")
    void shares() {
        List<JfrProfile.Sample> samples = List.of(
                new JfrProfile.Sample("io", List.of("java.math.BigInteger.montgomerySquare", "sun.security.rsa.RSACore.crypt")),
                new JfrProfile.Sample("io", List.of("java.math.BigInteger.montgomerySquare", "sun.security.ssl.Handshaker.x")),
                new JfrProfile.Sample("io", List.of("java.util.HashMap.get", "sun.security.ssl.SSLEngineImpl.wrap")),
                new JfrProfile.Sample("worker", List.of("java.util.ArrayList.add", "dev.portcullis.stream.Decoder.feed")));
        JfrProfile p = JfrProfile.of(samples, 10);
        assertEquals(4, p.samples());
        assertEquals(List.of(new JfrProfile.Share("io", 3, 75.0), new JfrProfile.Share("worker", 1, 25.0)), p.threads());
        assertEquals(List.of(new JfrProfile.Share("public-key and symmetric crypto arithmetic", 2, 50.0),
                new JfrProfile.Share("Portcullis", 1, 25.0),
                new JfrProfile.Share("TLS protocol (JSSE / Conscrypt)", 1, 25.0)), p.categories());
        assertEquals(new JfrProfile.Share("java.math.BigInteger.montgomerySquare", 2, 50.0), p.selfMethods().get(0));
        assertEquals(1, JfrProfile.of(samples, 1).selfMethods().size(), "top N is a limit");
    }

    @Test
    @DisplayName("a stack with no known frame is 'other'; no samples gives empty shares")
    void otherAndEmpty() {
        assertEquals("other (JDK, JIT, GC-visible Java code)", JfrProfile.category(List.of("java.util.HashMap.get")));
        assertEquals(0, JfrProfile.of(List.of(), 5).threads().size());
    }
}
