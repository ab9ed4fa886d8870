package org.conscrypt;

import javax.net.ssl.SSLEngine;

/**
 * The two per-engine settings Conscrypt 2.6.0 has but does not publish for {@code SSLEngine} (its public
 * {@code Conscrypt.setNamedGroups} takes sockets only): the key-exchange groups to offer and accept, and the
 * group a handshake used. Conscrypt is embedded privately in the TLS policy bundle, so this class shares its
 * package and class loader; nothing outside the bundle sees either.
 */
public final class PortcullisEngineAccess {

    private PortcullisEngineAccess() {
    }

    /** Exact, ordered groups (BoringSSL names them X25519, P-256, P-384, P-521; secpXXXr1 are accepted too). */
    public static void setNamedGroups(SSLEngine engine, String[] groups) {
        engine(engine).setNamedGroups(groups);
    }

    /** The group the handshake used, or {@code null} before one completed. */
    public static String negotiatedGroup(SSLEngine engine) {
        return engine(engine).getCurveNameForTesting();
    }

    /**
     * The engine Conscrypt itself passes to key managers and selectors: {@code createSSLEngine} hands out a
     * wrapper around it. Any other engine is returned as it is.
     */
    public static SSLEngine unwrap(SSLEngine e) {
        return Platform.unwrapEngine(e);
    }

    private static ConscryptEngine engine(SSLEngine e) {
        SSLEngine unwrapped = Platform.unwrapEngine(e);
        if (unwrapped instanceof ConscryptEngine c) {
            return c;
        }
        throw new IllegalArgumentException("not a Conscrypt engine: " + e.getClass().getName());
    }
}
