package dev.portcullis.server;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.PeerLocator;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.stream.SecurityServices;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The security services bound right now. Sessions ask at each use and never keep a reference, so a
 * replaced bundle serves the next handshake while streams already established keep running (their state
 * lives in the session, never in a security bundle).
 */
final class BoundServices implements SecurityServices {
    final AtomicReference<TlsPolicy> tls = new AtomicReference<>();
    final AtomicReference<DomainVerifier> verifier = new AtomicReference<>();
    final AtomicReference<PeerLocator> locator = new AtomicReference<>();
    final AtomicReference<Dialback> dialback = new AtomicReference<>();
    final List<LocalDomain> domains = new CopyOnWriteArrayList<>();

    @Override
    public TlsPolicy tlsPolicy() {
        return tls.get();
    }

    @Override
    public DomainVerifier domainVerifier() {
        return verifier.get();
    }

    @Override
    public Dialback dialback() {
        return dialback.get();
    }

    PeerLocator peerLocator() {
        return locator.get();
    }

    @Override
    public List<LocalIdentity> identities() {
        List<LocalIdentity> out = new ArrayList<>();
        for (LocalDomain d : domains) {
            d.identity().ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Set<String> localDomains() {
        Set<String> out = new LinkedHashSet<>();
        for (LocalIdentity i : identities()) {
            out.add(i.domain());
        }
        return out;
    }
}
