package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.util.Optional;

/** Scene 1: two domains with CA-issued certificates prove each other by PKIX and use SASL EXTERNAL. */
final class PkixScene implements Scene {
    @Override
    public String title() {
        return "PKIX + SASL EXTERNAL between a.test and b.test";
    }

    @Override
    public String explanation() {
        return "Both certificates come from a CA the hosts trust, so each side proves the other's domain (PKIX, "
                + "RFC 6120 §13.7.1.2) and authenticates with SASL EXTERNAL (XEP-0178), over modern TLS.";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.B);
        Optional<StreamView> out = Scenes.await(lab.hostA, Scenes.stream(true, DemoLab.B), Scenes.waitAfter(ping));
        Optional<StreamView> in = Scenes.await(lab.hostA, Scenes.stream(false, DemoLab.B), Scenes.waitAfter(ping));
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.B));
        r.check(Scenes.pong(ping), "a.test pinged b.test and got a pong", Scenes.explainPing(ping, lab.hostA, logA, DemoLab.B));
        r.check(out.filter(Scenes::modernTls).isPresent(), "a.test -> b.test is encrypted with TLS 1.2 or 1.3",
                Scenes.describe(out));
        r.check(out.filter(s -> "SASL_EXTERNAL".equals(s.authMethod()) && "pkix".equals(s.prooftype())).isPresent(),
                "a.test -> b.test: SASL EXTERNAL, b.test's certificate proven by pkix", Scenes.describe(out));
        r.check(in.filter(s -> "SASL_EXTERNAL".equals(s.authMethod()) && "pkix".equals(s.prooftype())).isPresent(),
                "b.test -> a.test (the pong): SASL EXTERNAL, proven by pkix", Scenes.describe(in));
        String expected = DemoLab.sha256Hex(lab.credentials.get(DemoLab.B).certificate());
        r.check(out.filter(s -> Scenes.sameFingerprint(s.certificateSha256(), expected)).isPresent(),
                "the fingerprint shown is b.test's certificate", "shown: "
                        + out.map(s -> s.certificateSha256() + lab.whose(s.certificateSha256())).orElse("none")
                        + ", b.test's: " + expected);
        return r;
    }
}
