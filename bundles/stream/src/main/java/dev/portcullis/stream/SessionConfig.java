package dev.portcullis.stream;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of one {@link S2sSession}. Timeouts are not here: the host enforces them by watching
 * {@link S2sSession#state()} and closing with {@code <connection-timeout/>} (RFC 6120 §4.9.3.4).
 *
 * @param maxStanzaBytes   the largest top-level element (stanza or negotiation element) accepted, in
 *                         bytes on the wire; larger ones close the stream with {@code <policy-violation/>}
 *                         (RFC 6120 §4.9.3.14, §13.12). Default 512 KiB.
 * @param maxDomainPairs   how many domain pairs one stream may authenticate (piggybacking, XEP-0220 §2.6,
 *                         RFC 7712 §4.4); a further {@code db:result} is answered with a dialback error
 *                         {@code resource-constraint} (XEP-0220 §2.5). Default 64.
 * @param clock            time source for {@code StreamSecurity.established}
 * @param streamIds        source of fresh, unpredictable stream IDs (RFC 6120 §4.7.3: they MUST be
 *                         unpredictable; XEP-0185 keys depend on them)
 * @param maxUnauthenticatedElements the element half of an unauthenticated stream's budget: after this many
 *                         top-level elements received without any authenticated domain pair the stream is
 *                         closed with {@code <policy-violation/>} (RFC 6120 §4.9.3.14), so one connection
 *                         cannot make us do (and log) unbounded work for free. The time half is the host's
 *                         negotiation timeout. Default {@value #DEFAULT_MAX_UNAUTHENTICATED_ELEMENTS}.
 */
public record SessionConfig(int maxStanzaBytes, int maxDomainPairs, Clock clock, Supplier<String> streamIds,
                            int maxUnauthenticatedElements) {
    /** 512 KiB, the default stanza size limit. */
    public static final int DEFAULT_MAX_STANZA_BYTES = 512 * 1024;
    /** Far more than a negotiation needs (header, STARTTLS, SASL or a few db:result/db:verify per restart). */
    public static final int DEFAULT_MAX_UNAUTHENTICATED_ELEMENTS = 500;

    public SessionConfig {
        if (maxStanzaBytes < 1024) {
            throw new IllegalArgumentException("maxStanzaBytes must be at least 1024 (RFC 6120 §13.12 expects "
                    + "at least 10000 bytes for stanzas); got " + maxStanzaBytes);
        }
        if (maxDomainPairs < 1) {
            throw new IllegalArgumentException("maxDomainPairs must be at least 1; got " + maxDomainPairs);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(streamIds, "streamIds");
        if (maxUnauthenticatedElements < 1) {
            throw new IllegalArgumentException("maxUnauthenticatedElements must be at least 1; got "
                    + maxUnauthenticatedElements);
        }
    }

    /** Settings with the default unauthenticated-element budget. */
    public SessionConfig(int maxStanzaBytes, int maxDomainPairs, Clock clock, Supplier<String> streamIds) {
        this(maxStanzaBytes, maxDomainPairs, clock, streamIds, DEFAULT_MAX_UNAUTHENTICATED_ELEMENTS);
    }

    /** Defaults: 512 KiB stanzas, 64 domain pairs, the UTC system clock, 128-bit random stream IDs. */
    public static SessionConfig defaults() {
        return new SessionConfig(DEFAULT_MAX_STANZA_BYTES, 64, Clock.systemUTC(), randomStreamIds());
    }

    /** The same settings with another stanza size limit. */
    public SessionConfig withMaxStanzaBytes(int bytes) {
        return new SessionConfig(bytes, maxDomainPairs, clock, streamIds, maxUnauthenticatedElements);
    }

    /** The same settings with another unauthenticated-element budget. */
    public SessionConfig withMaxUnauthenticatedElements(int elements) {
        return new SessionConfig(maxStanzaBytes, maxDomainPairs, clock, streamIds, elements);
    }

    /** A generator of 128-bit random stream IDs, URL-safe base64 (RFC 6120 §4.7.3, §13.3). */
    public static Supplier<String> randomStreamIds() {
        return randomStreamIds(new SecureRandom());
    }

    /**
     * Stream IDs of 16 bytes from {@code random}, URL-safe base64 without padding (22 characters). The type
     * is {@link SecureRandom} on purpose: RFC 6120 §4.7.3 requires IDs that are unpredictable, and XEP-0185
     * dialback keys are only as strong as the stream ID they are bound to.
     */
    static Supplier<String> randomStreamIds(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] b = new byte[16];
            synchronized (random) {
                random.nextBytes(b);
            }
            return enc.encodeToString(b);
        };
    }
}
