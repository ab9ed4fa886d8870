package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each peer domain's proven certificate (RFC 7590 §3.6): first seen, renewals over the same key and
 * key changes; certificates that nothing proved for the domain are compared, never remembered. Persisted as JSON after every change; "last seen"
 * alone is written at most once a minute.
 */
final class CertificateMemoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateMemoryStore.class);
    private static final Duration LAST_SEEN_WRITE_INTERVAL = Duration.ofMinutes(1);

    private final MemoryFile file;
    private final Clock clock;
    private final Consumer<CertificateChange> onChange;
    private final Map<String, RememberedCertificate> entries;
    private Instant lastWrite = Instant.EPOCH;
    /** Told of every entry this node remembers or refreshes (write-through to the shared store, if any). */
    private volatile Consumer<RememberedCertificate> onRemember = r -> { };

    CertificateMemoryStore(Path path, Clock clock, Consumer<CertificateChange> onChange) {
        this.file = new MemoryFile(path);
        this.clock = clock;
        this.onChange = onChange;
        Map<String, RememberedCertificate> loaded;
        try {
            loaded = file.read();
        } catch (IOException | RuntimeException e) {
            loaded = new LinkedHashMap<>();
            try {
                Path aside = file.setAside();
                LOG.error("The certificate memory {} cannot be read ({}); it was moved to {} and Portcullis starts with "
                        + "an empty memory. Every peer will be 'first seen' again.", path, e.getMessage(), aside);
            } catch (IOException moveFailed) {
                LOG.error("The certificate memory {} cannot be read ({}) nor moved aside ({})", path, e.getMessage(),
                        moveFailed.getMessage());
            }
        }
        this.entries = loaded;
    }

    /**
     * The one rule of what the memory learns (RFC 7590 §3.6 tracks the authenticated peer): a certificate is
     * remembered only when {@code proven} says a prooftype proved it for {@code domain}. An unproven one is compared
     * with what is remembered and reported, but never stored and never displaces a remembered certificate.
     */
    synchronized CertificateChange observe(String domain, X509Certificate cert, boolean proven) {
        String key = domain.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        String fp = Fingerprints.certificate(cert);
        String spki = Fingerprints.spki(cert);
        RememberedCertificate old = entries.get(key);
        CertificateChange change;
        RememberedCertificate next;
        if (old == null) {
            change = new CertificateChange(CertificateChangeKind.FIRST_SEEN, key, fp, null, now, now, proven);
            next = new RememberedCertificate(key, fp, spki, null, now, now, now, CertificateChangeKind.FIRST_SEEN,
                    proven);
        } else if (old.fingerprint().equals(fp)) {
            change = new CertificateChange(CertificateChangeKind.UNCHANGED, key, fp, old.previousFingerprint(),
                    old.firstSeen(), old.lastChanged(), proven);
            next = new RememberedCertificate(key, fp, spki, old.previousFingerprint(), old.firstSeen(), now,
                    old.lastChanged(), old.lastChangeKind(), old.changeProven());
        } else {
            CertificateChangeKind kind = spki.equals(old.spkiFingerprint()) ? CertificateChangeKind.RENEWED_SAME_KEY
                    : CertificateChangeKind.CHANGED;
            change = new CertificateChange(kind, key, fp, old.fingerprint(), old.firstSeen(),
                    proven ? now : old.lastChanged(), proven);
            next = new RememberedCertificate(key, fp, spki, old.fingerprint(), old.firstSeen(), now, now, kind, proven);
        }
        if (!proven) {
            if (old != null && !old.fingerprint().equals(fp)) {
                LOG.warn("A peer claiming {} presented a certificate ({}) that differs from the one remembered for it "
                        + "({}) and that no prooftype proves for {}; it is not remembered. If {} changed its "
                        + "certificate, it is remembered once a prooftype proves it (RFC 7590 §3.6).", key, fp,
                        old.fingerprint(), key, key);
            }
            return change;
        }
        boolean material = old == null || !old.fingerprint().equals(fp);
        if (material && old != null) {
            onChange.accept(change);
        }
        entries.put(key, next);
        if (material || now.isAfter(lastWrite.plus(LAST_SEEN_WRITE_INTERVAL))) {
            persist(now);
            onRemember.accept(next);
        }
        return change;
    }

    void onRemember(Consumer<RememberedCertificate> listener) {
        this.onRemember = listener;
    }

    /**
     * Takes an entry another node remembered (shared store): it replaces ours unless ours changed later, so the
     * next stream here compares with what the farm knows; nothing is announced again (the node that saw the change
     * did). Returns whether ours is newer, i.e. the store should get ours.
     */
    synchronized boolean adopt(RememberedCertificate remote, boolean persist) {
        RememberedCertificate local = entries.get(remote.domain());
        if (local != null && (local.lastChanged().isAfter(remote.lastChanged())
                || local.fingerprint().equals(remote.fingerprint()) && !remote.lastSeen().isAfter(local.lastSeen()))) {
            return local.lastChanged().isAfter(remote.lastChanged());
        }
        entries.put(remote.domain(), remote);
        if (persist) {
            persist(clock.instant());
        }
        return false;
    }

    /** Entries the store lacks or holds older than ours ({@code portcullis:store migrate}, after a reconnection). */
    synchronized List<RememberedCertificate> newerThan(Map<String, RememberedCertificate> remote) {
        List<RememberedCertificate> push = new ArrayList<>();
        for (RememberedCertificate local : entries.values()) {
            RememberedCertificate r = remote.get(local.domain());
            if (r == null || local.lastChanged().isAfter(r.lastChanged())) {
                push.add(local);
            }
        }
        return push;
    }

    private void persist(Instant now) {
        try {
            file.write(entries);
            lastWrite = now;
        } catch (IOException e) {
            LOG.error("Cannot write the certificate memory {}: {}; changes stay in memory and are written with the "
                    + "next change. Check the data directory's free space and permissions.", file.path(),
                    e.getMessage());
        }
    }

    synchronized void flush() {
        persist(clock.instant());
    }

    synchronized Optional<RememberedCertificate> lookup(String domain) {
        return Optional.ofNullable(entries.get(domain.toLowerCase(Locale.ROOT)));
    }

    synchronized List<RememberedCertificate> entries() {
        List<RememberedCertificate> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(RememberedCertificate::lastChanged).reversed());
        return all;
    }
}
