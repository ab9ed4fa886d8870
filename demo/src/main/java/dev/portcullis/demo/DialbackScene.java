package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.time.Duration;
import java.util.Optional;

/** Scene 4: a peer no prooftype can prove falls back to Server Dialback, over TLS. */
final class DialbackScene implements Scene {
    @Override
    public String title() {
        return "Dialback fallback: legacy.test, whose certificate nobody can prove";
    }

    @Override
    public String explanation() {
        return "legacy.test presents a self-signed certificate with no TLSA record and no POSH document. With "
                + "mode=fallback, a.test authenticates it by Server Dialback, asking legacy.test's authoritative "
                + "server (XEP-0220 §2, RFC 7712 §4.3), still over TLS.";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostB, DemoLab.LEGACY, DemoLab.A);
        Optional<StreamView> in = Scenes.await(lab.hostA, Scenes.stream(false, DemoLab.LEGACY), Scenes.waitAfter(ping));
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.LEGACY));
        r.check(Scenes.pong(ping), "legacy.test pinged a.test and got a pong", Scenes.explainPing(ping, lab.hostA, logA, DemoLab.LEGACY));
        r.check(in.filter(s -> "DIALBACK".equals(s.authMethod())).isPresent(),
                "a.test authenticated legacy.test by dialback", Scenes.describe(in));
        r.check(in.filter(s -> s.prooftype() == null).isPresent(), "no prooftype claims legacy.test's certificate",
                Scenes.describe(in));
        r.check(in.filter(Scenes::modernTls).isPresent(), "the dialback stream is encrypted (XEP-0344)",
                Scenes.describe(in));
        String expected = DemoLab.sha256Hex(lab.credentials.get(DemoLab.LEGACY).certificate());
        r.check(in.filter(s -> Scenes.sameFingerprint(s.certificateSha256(), expected)).isPresent(),
                "the fingerprint shown is legacy.test's own certificate",
                "shown: " + in.map(s -> s.certificateSha256() + lab.whose(s.certificateSha256())).orElse("none")
                        + ", legacy.test's: " + expected);
        String line = lab.hostA.awaitLog(logA, "(?i)authenticated.*legacy\\.test.*dialback", Duration.ofSeconds(2));
        if (line != null) {
            r.note("host A's log: " + LogLines.message(line));
        }
        return r;
    }
}
