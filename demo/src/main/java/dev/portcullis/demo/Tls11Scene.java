package dev.portcullis.demo;

import java.time.Duration;

/** Scene 6: a peer that only speaks TLS 1.1 is refused, citing RFC 8996 / RFC 9325. */
final class Tls11Scene implements Scene {
    @Override
    public String title() {
        return "An outdated peer: old.test speaks only TLS 1.1";
    }

    @Override
    public String explanation() {
        return "old.test offers STARTTLS but can do nothing newer than TLS 1.1. TLS 1.1 is deprecated (RFC 8996 §5) "
                + "and BCP 195 forbids it (RFC 9325 §3.1.1): a.test refuses the connection and says why.";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.OLD);
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.OLD));
        Tls11Peer old = lab.oldPeer;
        r.check(old.startTlsRequested(), "a.test reached old.test and started TLS", "old.test saw no STARTTLS request");
        r.check(!old.handshakeCompleted(), "no TLS 1.1 session was established", String.valueOf(old.lastOutcome()));
        r.check(!Scenes.pong(ping), "the ping did not get through", ping);
        r.check(Scenes.rowsWith(lab.hostA, DemoLab.OLD).stream().noneMatch(Scenes::authenticated),
                "host A lists no authenticated stream with old.test", "an authenticated stream with old.test exists");
        String line = lab.hostA.awaitLog(logA, "old\\.test.*(RFC 8996|RFC 9325)", Duration.ofSeconds(3));
        r.check(line != null, "host A's log names old.test and cites RFC 8996 or RFC 9325",
                "no such line; host A's warnings about old.test: " + aboutOld(lab.hostA.logSince(logA)));
        if (line != null) {
            r.note("host A's log: " + LogLines.message(line));
        }
        return r;
    }

    private static String aboutOld(String log) {
        StringBuilder b = new StringBuilder();
        for (String l : log.split("\n")) {
            if (l.contains("old.test") && (l.contains(" WARN ") || l.contains(" ERROR ")) && b.length() < 400) {
                b.append(b.length() == 0 ? "" : " | ").append(LogLines.message(l));
            }
        }
        return b.length() == 0 ? "nothing" : b.toString();
    }
}
