package dev.portcullis.stream;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;

/** Certificates for the test domains, generated once per test run from a fresh {@link TestCa}. */
final class TestPki {
    static final String ALPHA = "alpha.test";
    static final String ROOMS_ALPHA = "rooms.alpha.test";
    static final String BETA = "beta.test";
    static final String CHAT_BETA = "chat.beta.test";

    static final TestPki INSTANCE = new TestPki();

    final TestCa ca = TestCa.create("Portcullis stream tests CA");
    final TestCa otherCa = TestCa.create("Untrusted CA");
    final LocalIdentity alpha = identity(ALPHA, issue(ca, ALPHA, ROOMS_ALPHA));
    final LocalIdentity beta = identity(BETA, issue(ca, BETA, CHAT_BETA));
    /** A certificate for alpha.test that names some other domain: not verifiable for alpha.test. */
    final LocalIdentity alphaWrongName = identity(ALPHA, issue(ca, "elsewhere.test"));

    private TestPki() {
    }

    private static IssuedCertificate issue(TestCa ca, String... names) {
        TestCa.Issue issue = ca.issue(names[0]);
        for (String n : names) {
            issue.dnsName(n).xmppAddr(n);
        }
        return issue.build();
    }

    private static LocalIdentity identity(String domain, IssuedCertificate c) {
        return new LocalIdentity(domain, c.keyPair().getPrivate(), c.chain());
    }
}
