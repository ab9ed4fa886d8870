package dev.portcullis.it.runtime;

import dev.portcullis.testkit.host.PortcullisHome;
import java.util.Map;

/** Homes for the runtime tests: the reference server listens on a loopback ephemeral port, never on 5269. */
final class TestHomes {

    private TestHomes() {
    }

    static PortcullisHome create(String label) {
        return PortcullisHome.create(label).config("dev.portcullis.server", Map.of("listen", "127.0.0.1:0"));
    }
}
