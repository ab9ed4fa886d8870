package dev.portcullis.stream;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One server's bound services; tests null them out to simulate a bundle being updated. */
final class TestServices implements SecurityServices {
    TlsPolicy tlsPolicy;
    DomainVerifier verifier;
    Dialback dialback;
    final List<LocalIdentity> identities = new ArrayList<>();
    final Set<String> domains;

    final TestTlsPolicy policy = new TestTlsPolicy();
    final FakeVerifier fakeVerifier = new FakeVerifier();
    final FakeDialback fakeDialback;

    TestServices(String secret, LocalIdentity identity, String... domains) {
        this.domains = Set.of(domains);
        this.identities.add(identity);
        this.fakeDialback = new FakeDialback(secret);
        this.tlsPolicy = policy;
        this.verifier = fakeVerifier;
        this.dialback = fakeDialback;
    }

    static TestServices alpha() {
        return new TestServices("alpha-secret", TestPki.INSTANCE.alpha, TestPki.ALPHA, TestPki.ROOMS_ALPHA);
    }

    static TestServices beta() {
        return new TestServices("beta-secret", TestPki.INSTANCE.beta, TestPki.BETA, TestPki.CHAT_BETA);
    }

    @Override
    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    @Override
    public DomainVerifier domainVerifier() {
        return verifier;
    }

    @Override
    public Dialback dialback() {
        return dialback;
    }

    @Override
    public List<LocalIdentity> identities() {
        return identities;
    }

    @Override
    public Set<String> localDomains() {
        return domains;
    }
}
