package dev.portcullis.dialback;

import dev.portcullis.testkit.MutableClock;
import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackResultType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component: configuration life cycle, the generated secret in the data area, rotation with grace. */
class DialbackComponentTest {

    @TempDir
    Path dataArea;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T20:00:00Z"));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DialbackComponent component(Map<String, ?> properties) {
        return new DialbackComponent(dataArea.resolve("dialback.secret"), properties, clock, scheduler);
    }

    /** XEP-0185 §2 note 3: "generated as a random string" when none is configured, and kept. */
    @Test
    void generatesASecretOnceAndKeepsItOwnerOnlyAcrossRestarts() throws Exception {
        String key = component(Map.of()).key(MONTAGUE, CAPULET, "id1");
        Path file = dataArea.resolve("dialback.secret");
        assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertEquals(key, component(Map.of()).key(MONTAGUE, CAPULET, "id1"), "same secret after a restart");
        try (var files = Files.list(dataArea)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void secretFileReadableByOthersIsTightened() throws Exception {
        component(Map.of());
        Path file = dataArea.resolve("dialback.secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        component(Map.of());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void corruptSecretFileIsKeptAsideAndReplaced() throws Exception {
        Path file = dataArea.resolve("dialback.secret");
        Files.writeString(file, "not a secret\n");
        component(Map.of()).key(MONTAGUE, CAPULET, "id1");
        assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"));
        try (var files = Files.list(dataArea)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("dialback.secret.corrupt-")));
        }
    }

    @Test
    void withoutADataAreaTheSecretIsKeptInMemory() {
        DialbackComponent c = new DialbackComponent(null, Map.of(), clock, scheduler);
        assertTrue(c.keyRing().currentSource().contains("in memory"), c.keyRing().currentSource());
        assertTrue(c.key(MONTAGUE, CAPULET, "id1").matches("[0-9a-f]{64}"));
        DialbackComponent rotated = new DialbackComponent(null, Map.of("secret", "the second secret of this host",
                "secret.previous", "the first secret of this host"), clock, scheduler);
        assertEquals(clock.instant().plus(Duration.ofHours(1)), rotated.keyRing().previousUntil());
    }

    @Test
    void differentHostsGenerateDifferentSecrets() {
        String here = component(Map.of()).key(MONTAGUE, CAPULET, "id1");
        String there = new DialbackComponent(dataArea.resolve("other/dialback.secret"), Map.of(), clock, scheduler)
                .key(MONTAGUE, CAPULET, "id1");
        assertNotEquals(here, there);
    }

    @Test
    void configuredSecretIsUsedForKeys() {
        DialbackComponent c = component(Map.of("secret", Fixtures.CAPULET_SECRET));
        assertEquals("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3", c.key(MONTAGUE, CAPULET, "D60000229F"));
    }

    /** The team rule: a bad value is logged with file, key, value, reason; the previous configuration stays. */
    @Test
    void badConfigurationIsLoggedAndThePreviousOneStaysInForce() {
        DialbackComponent c = component(Map.of("mode", "never"));
        Map<String, Object> bad = new HashMap<>(Map.of("mode", "allowed", "verify.timeout", "twenty seconds",
                "felix.fileinstall.filename", "file:/opt/portcullis/etc/dev.portcullis.dialback.cfg"));

        String log = captureStderr(() -> c.modified(bad));

        assertEquals(Mode.NEVER, c.settings().mode(), "nothing of the bad configuration was applied");
        assertTrue(log.contains("Rejected configuration dev.portcullis.dialback from "
                + "file:/opt/portcullis/etc/dev.portcullis.dialback.cfg: verify.timeout = twenty seconds: not an ISO-8601 "
                + "duration; write e.g. PT20S, PT5M or PT1H; the previous configuration stays in force"), log);

        c.modified(new HashMap<>(Map.of("mode", "allowed")));
        assertEquals(Mode.ALLOWED, c.settings().mode());
    }

    /** A file rejected at start-up must not widen anything: "never" asked, a typo elsewhere, no dialback. */
    @Test
    void badConfigurationAtStartFailsClosedWithModeNeverUntilFixed() {
        DialbackComponent c = component(Map.of("mode", "never", "verify.timeout", "soon"));
        assertEquals(Mode.NEVER, c.settings().mode(), "the defaults (mode fallback) would offer dialback");
        assertEquals(DialbackSettings.REFUSED_AT_START, c.settings());
        c.modified(Map.of("mode", "allowed"));
        assertEquals(Mode.ALLOWED, c.settings().mode(), "the corrected file applies");
    }

    /** Rotation: keys made before it still verify for secret.previous.grace, then no more. */
    @Test
    void changingTheSecretKeepsTheReplacedOneForTheGracePeriod() {
        DialbackComponent c = component(Map.of("secret", "the first secret of this host", "secret.previous.grace", "PT10M"));
        String before = c.key(MONTAGUE, CAPULET, "id1");

        c.modified(new HashMap<>(Map.of("secret", "the second secret of this host", "secret.previous.grace", "PT10M")));

        assertNotEquals(before, c.key(MONTAGUE, CAPULET, "id1"));
        assertEquals(DialbackResultType.VALID, c.answerVerify(MONTAGUE, CAPULET, "id1", before).type());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(DialbackResultType.INVALID, c.answerVerify(MONTAGUE, CAPULET, "id1", before).type());
    }

    /** secret.previous counts its grace from when it was first configured, not from each restart. */
    @Test
    void configuredPreviousSecretGraceSurvivesRestarts() {
        Map<String, String> rotated = Map.of("secret", "the second secret of this host",
                "secret.previous", "the first secret of this host", "secret.previous.grace", "PT1H");
        String oldKey = DialbackKeys.compute("the first secret of this host", MONTAGUE, CAPULET, "id1");
        DialbackComponent first = component(rotated);
        assertEquals(DialbackResultType.VALID, first.answerVerify(MONTAGUE, CAPULET, "id1", oldKey).type());

        clock.advance(Duration.ofMinutes(45));
        DialbackComponent restarted = component(rotated);
        assertEquals(Instant.parse("2026-11-21T21:00:00Z"), restarted.keyRing().previousUntil());
        assertEquals(DialbackResultType.VALID, restarted.answerVerify(MONTAGUE, CAPULET, "id1", oldKey).type());
        clock.advance(Duration.ofMinutes(15));
        assertEquals(DialbackResultType.INVALID, restarted.answerVerify(MONTAGUE, CAPULET, "id1", oldKey).type());
    }

    @Test
    void switchingFromGeneratedToConfiguredSecretKeepsTheGeneratedOneForTheGracePeriod() {
        DialbackComponent c = component(Map.of());
        String generatedKey = c.key(MONTAGUE, CAPULET, "id1");
        c.modified(new HashMap<>(Map.of("secret", "a secret shared by the cluster")));
        assertEquals(DialbackResultType.VALID, c.answerVerify(MONTAGUE, CAPULET, "id1", generatedKey).type());
    }

    @Test
    void workingWithoutOutboundStreamsAndPickingItUpLater() {
        DialbackComponent c = component(Map.of());
        var outcome = c.receiveResult(Fixtures.inbound("s", CAPULET, MONTAGUE), "k").toCompletableFuture().join();
        assertEquals(DialbackResultType.ERROR, outcome.type());

        var streams = Fixtures.FakeOutboundStreams.answering(
                new dev.portcullis.api.dialback.VerifyAnswer(DialbackResultType.VALID, null, "ok"));
        var objects = new CountingServiceObjects(streams);
        c.bindOutboundStreams(objects);
        assertEquals(DialbackResultType.VALID,
                c.receiveResult(Fixtures.inbound("s", CAPULET, MONTAGUE), "k").toCompletableFuture().join().type());
        assertEquals(0, objects.inUse, "every getService is matched by an ungetService");
        assertTrue(objects.gets > 0);
    }

    /** The host's service fetched per call: a registered service that cannot be obtained is no exception. */
    @Test
    void hostServiceThatCannotBeObtainedIsARemoteConnectionFailure() {
        DialbackComponent c = component(Map.of());
        c.bindOutboundStreams(new CountingServiceObjects(null));
        var outcome = c.receiveResult(Fixtures.inbound("s", CAPULET, MONTAGUE), "k").toCompletableFuture().join();
        assertEquals(dev.portcullis.api.dialback.DialbackError.REMOTE_CONNECTION_FAILED, outcome.error());
        assertTrue(outcome.reason().contains("could not be obtained"), outcome.reason());
    }

    /** What SCR hands a component for a ComponentServiceObjects reference, counting uses. */
    private static final class CountingServiceObjects
            implements org.osgi.service.component.ComponentServiceObjects<dev.portcullis.api.dialback.OutboundStreams> {
        private final dev.portcullis.api.dialback.OutboundStreams service;
        int inUse;
        int gets;

        CountingServiceObjects(dev.portcullis.api.dialback.OutboundStreams service) {
            this.service = service;
        }

        @Override
        public dev.portcullis.api.dialback.OutboundStreams getService() {
            if (service != null) {
                inUse++;
                gets++;
            }
            return service;
        }

        @Override
        public void ungetService(dev.portcullis.api.dialback.OutboundStreams s) {
            inUse--;
        }

        @Override
        public org.osgi.framework.ServiceReference<dev.portcullis.api.dialback.OutboundStreams> getServiceReference() {
            return null;
        }
    }

    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** XEP-0220 §2.1.3: each db:verify answered is posted as a DIALBACK_RESULT event (role authoritative) for the metrics. */
    @Test
    void postsEachAuthoritativeAnswerAsDialbackResultEvent() {
        DialbackComponent c = component(Map.of());
        Fixtures.RecordingEventAdmin events = new Fixtures.RecordingEventAdmin();
        c.bindEventAdmin(events);
        String key = c.key(CAPULET, MONTAGUE, "id1");
        c.answerVerify(CAPULET, MONTAGUE, "id1", key);
        c.answerVerify(CAPULET, MONTAGUE, "id1", "0".repeat(64));
        List<String> results = events.events.stream()
                .filter(e -> e.getTopic().equals(dev.portcullis.api.event.PortcullisEvents.DIALBACK_RESULT))
                .map(e -> e.getProperty("role") + " " + e.getProperty("result")).toList();
        assertEquals(List.of("authoritative VALID", "authoritative INVALID"), results);
    }
}
