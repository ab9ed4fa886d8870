package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.util.Optional;

/** Scene 2: a certificate no CA vouches for, proven by a DNSSEC-secured TLSA record (DANE-EE). */
final class DaneScene implements Scene {
    @Override
    public String title() {
        return "DANE-EE: dane.test's self-signed certificate, proven by a secure TLSA 3 1 1 record";
    }

    @Override
    public String explanation() {
        return "No CA signed dane.test's certificate, so PKIX cannot prove it. The signed zone publishes its key "
                + "as TLSA 3 1 1 at the SRV target (RFC 7673 §3, RFC 7671 §5.1); DNSSEC makes that record trustworthy.";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        long logA = lab.hostA.logPosition();
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.DANE);
        Optional<StreamView> out = Scenes.await(lab.hostA, Scenes.stream(true, DemoLab.DANE), Scenes.waitAfter(ping));
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.DANE));
        r.check(Scenes.pong(ping), "a.test pinged dane.test and got a pong", Scenes.explainPing(ping, lab.hostA, logA, DemoLab.DANE));
        r.check(out.filter(Scenes::modernTls).isPresent(), "a.test -> dane.test is encrypted with TLS 1.2 or 1.3",
                Scenes.describe(out));
        r.check(out.filter(s -> "dane".equals(s.prooftype())).isPresent(),
                "dane.test's certificate was proven by dane", Scenes.describe(out) + evidence(lab, logA));
        String expected = DemoLab.sha256Hex(lab.credentials.get(DemoLab.DANE).certificate());
        r.check(out.filter(s -> Scenes.sameFingerprint(s.certificateSha256(), expected)).isPresent(),
                "the fingerprint shown is dane.test's self-signed certificate",
                "shown: " + out.map(s -> s.certificateSha256() + lab.whose(s.certificateSha256())).orElse("none"));
        r.check(lab.dns.queriesAnswered() > 0, "host A asked the demo's DNS server", "no DNS query arrived");
        return r;
    }

    private static String evidence(DemoLab lab, long logA) {
        String dane = Scenes.proofEvidence(lab.hostA, logA, DemoLab.DANE, "dane");
        return dane == null ? "" : "; host A's verifier: " + dane;
    }
}
