package dev.portcullis.demo;

import java.time.Duration;

/** Scene 5: a man in the middle strips STARTTLS; the host refuses to go on in plaintext. */
final class StripTlsScene implements Scene {
    @Override
    public String title() {
        return "STARTTLS stripping: a man in the middle on the way to c.test";
    }

    @Override
    public String explanation() {
        return "A proxy between a.test and c.test deletes STARTTLS from c.test's features and answers a STARTTLS "
                + "request with <failure/>. a.test must try STARTTLS anyway and then give up rather than talk in "
                + "plaintext (RFC 7590 §3.1, RFC 9325 §3.2).";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.MITM);
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.MITM));
        StarttlsStripper mitm = lab.stripper;
        r.check(mitm.featuresStripped() > 0, "the proxy removed STARTTLS from c.test's features",
                mitm.connections() == 0 ? "a.test never connected through the proxy" : "no STARTTLS feature passed by");
        r.check(mitm.startTlsRefused() > 0, "a.test asked for STARTTLS although it was not offered (RFC 7590 §3.1)",
                "a.test did not send <starttls/>");
        r.check(!mitm.leaked(), "a.test sent no stanza, dialback key or SASL in plaintext",
                "after the refusal a.test sent: " + mitm.afterRefusal());
        r.check(!Scenes.pong(ping), "the ping did not get through", ping);
        r.check(Scenes.rowsWith(lab.hostA, DemoLab.MITM).stream().noneMatch(Scenes::authenticated),
                "host A lists no authenticated stream with c.test", "an authenticated stream with c.test exists");
        String line = lab.hostA.awaitLog(logA, " WARN .*c\\.test.*RFC 7590 §3\\.1", Duration.ofSeconds(3));
        r.check(line != null, "host A's log names c.test and cites RFC 7590 §3.1",
                "no such line; " + Scenes.warningAbout(lab.hostA, logA, DemoLab.MITM));
        if (line != null) {
            r.note("host A's log: " + LogLines.message(line));
        }
        return r;
    }
}
