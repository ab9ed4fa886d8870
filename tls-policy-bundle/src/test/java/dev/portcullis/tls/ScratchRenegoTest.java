package dev.portcullis.tls;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchRenegoTest {
    @Test
    void scratch() throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy("sun"), List.of(Fixtures.identity("beta.test", Fixtures.BETA)))) {
            Process p = new ProcessBuilder("bash", "-c", "echo R | openssl s_client -no_tls1_3 -starttls xmpp -xmpphost beta.test -connect 127.0.0.1:" + r.port() + " 2>&1 | tail -8; echo EXIT ${PIPESTATUS[1]}").redirectErrorStream(true).start();
            System.out.println("SCRATCH\n" + new String(p.getInputStream().readAllBytes()));
            Thread.sleep(500);
            System.out.println("FAILURES " + r.failures());
        }
    }
}
