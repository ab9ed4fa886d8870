package dev.portcullis.tls;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Hands out SSLContexts of the chosen provider. Bouncy Castle is used as provider <em>instances</em>
 * owned by this component, never registered with {@code Security.addProvider}: a JVM-wide registration
 * would pin this bundle's classes after an update and change TLS for everything else in the process
 * (docs/LIBRARIES.md, trap 4).
 */
final class Providers {

    private Provider bcJsse;

    /** A fresh, uninitialised TLS context of the given provider. */
    synchronized SSLContext newContext(JsseProvider kind) throws GeneralSecurityException {
        return switch (kind) {
            case SUN -> SSLContext.getInstance("TLS", sunJsse());
            case BC -> SSLContext.getInstance("TLS", bcJsse());
        };
    }

    private static Provider sunJsse() throws GeneralSecurityException {
        // Looked up, not registered: SunJSSE is part of the JDK.
        Provider p = Security.getProvider("SunJSSE");
        if (p == null) {
            throw new GeneralSecurityException("the JDK's SunJSSE provider is not available in this JVM");
        }
        return p;
    }

    private Provider bcJsse() {
        if (bcJsse == null) {
            bcJsse = new BouncyCastleJsseProvider(new BouncyCastleProvider());
        }
        return bcJsse;
    }
}
