package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import dev.portcullis.testkit.IssuedCertificate;
import java.time.Duration;
import java.util.Optional;

/** Scene 7: b.test restarts with a new key; a.test still proves it but warns that its certificate changed. */
final class CertificateChangeScene implements Scene {
    @Override
    public String title() {
        return "Certificate change: b.test restarts with a new key";
    }

    @Override
    public String explanation() {
        return "Host B is restarted with a new key and certificate for b.test. a.test remembers the certificate it "
                + "saw in scene 1 and warns the administrator that it changed (RFC 7590 §3.6).";
    }

    @Override
    public SceneResult play(DemoLab lab) throws Exception {
        SceneResult r = new SceneResult();
        String before = DemoLab.sha256Hex(lab.credentials.get(DemoLab.B).certificate());
        // make sure a.test has seen the old certificate, also when this scene runs alone
        Scenes.ping(lab.hostA, DemoLab.A, DemoLab.B);
        lab.hostB.stop();
        IssuedCertificate renewed = lab.issue(DemoLab.B);
        lab.credentials.put(DemoLab.B, renewed);
        lab.hostB.domain(DemoLab.B, renewed);
        lab.hostB.start(DemoLab.domainsOfB());
        long logA = lab.hostA.logPosition();
        String after = DemoLab.sha256Hex(renewed.certificate());
        String ping = Scenes.ping(lab.hostA, DemoLab.A, DemoLab.B);
        Optional<StreamView> out = Scenes.await(lab.hostA,
                Scenes.stream(true, DemoLab.B).and(s -> Scenes.sameFingerprint(s.certificateSha256(), after)),
                Scenes.waitAfter(ping));
        r.table("host A (a.test)", Scenes.rowsWith(lab.hostA, DemoLab.B));
        r.check(Scenes.pong(ping), "a.test pinged b.test again and got a pong", ping);
        r.check(out.isPresent(), "a.test's new stream to b.test shows the new certificate",
                "no authenticated outbound stream with the new fingerprint " + after);
        r.check(out.filter(StreamView::certificateChangeWarning).isPresent() && StreamJson.changeKind(out.get()) != null
                        && StreamJson.changeKind(out.get()).equals("CHANGED"),
                "the stream carries a certificate-change warning",
                out.map(s -> "change: " + StreamJson.changeKind(s) + ", warning " + s.certificateChangeWarning()).orElse("no stream"));
        r.check(out.filter(s -> Scenes.sameFingerprint(StreamJson.previousSha256(s), before)).isPresent(),
                "the warning names the previous certificate",
                out.map(s -> "previous: " + StreamJson.previousSha256(s)).orElse("no stream"));
        r.check(out.filter(s -> "pkix".equals(s.prooftype())).isPresent(),
                "the new certificate is still proven (pkix), so the link stays up with a warning",
                Scenes.describe(out));
        String line = lab.hostA.awaitLog(logA, "(?i)b\\.test.*(chang)", Duration.ofSeconds(3));
        r.check(line != null, "host A's log warns about b.test's new certificate", "no such log line");
        if (line != null) {
            r.note("host A's log: " + LogLines.message(line));
        }
        return r;
    }
}
