package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.util.Optional;

/** Scene 3: a hosted domain whose certificate names only its provider, proven by POSH delegation. */
final class PoshScene implements Scene {
    @Override
    public String title() {
        return "POSH delegation: posh.test, served by its provider hosting.test";
    }

    @Override
    public String explanation() {
        return "posh.test's XMPP service is run by hosting.test, whose certificate names only hosting.test. "
                + "https://posh.test publishes a POSH reference to the provider's document, which lists that "
                + "certificate's fingerprint (RFC 7711 §3.2, RFC 7712 §6).";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.POSH);
        Optional<StreamView> out = Scenes.await(lab.hostA, Scenes.stream(true, DemoLab.POSH), Scenes.waitAfter(ping));
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.POSH));
        r.check(Scenes.pong(ping), "a.test pinged posh.test and got a pong", Scenes.explainPing(ping, lab.hostA, logA, DemoLab.POSH));
        r.check(out.filter(Scenes::modernTls).isPresent(), "a.test -> posh.test is encrypted with TLS 1.2 or 1.3",
                Scenes.describe(out));
        r.check(out.filter(s -> "posh".equals(s.prooftype())).isPresent(),
                "posh.test's certificate (naming only hosting.test) was proven by posh", Scenes.describe(out)
                        + evidence(lab, logA));
        String expected = DemoLab.sha256Hex(lab.credentials.get(DemoLab.POSH).certificate());
        r.check(out.filter(s -> Scenes.sameFingerprint(s.certificateSha256(), expected)).isPresent(),
                "the fingerprint shown is the provider's certificate that posh.test presented",
                "shown: " + out.map(s -> s.certificateSha256() + lab.whose(s.certificateSha256())).orElse("none"));
        r.check(lab.poshServed(DemoLab.POSH) > 0 && lab.poshServed(DemoLab.HOSTING) > 0,
                "host A fetched https://posh.test and followed its reference to https://hosting.test",
                "documents served: posh.test " + lab.poshServed(DemoLab.POSH) + ", hosting.test "
                        + lab.poshServed(DemoLab.HOSTING));
        return r;
    }

    private static String evidence(DemoLab lab, long logA) {
        String posh = Scenes.proofEvidence(lab.hostA, logA, DemoLab.POSH, "posh");
        if (posh == null) {
            return "";
        }
        // the demo serves POSH on a free port: binding 443 would need root
        return "; host A's verifier: " + posh + (posh.contains(":443") ? " - the demo's POSH server listens on 127.0.0.1:"
                + lab.posh.port() + ", and the dna-verifier has no setting for a POSH port other than 443" : "");
    }
}
