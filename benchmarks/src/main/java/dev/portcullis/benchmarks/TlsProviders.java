package dev.portcullis.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.SSLContext;

/**
 * JSSE providers by the names {@code dev.portcullis.tls} uses ({@code sun}, {@code conscrypt}), as instances
 * for one {@link SSLContext} each, never installed JVM-wide. Conscrypt is loaded by reflection so that a missing
 * jar or native library becomes a reason in the report, not a crash.
 */
final class TlsProviders {
    private TlsProviders() {
    }

    /** Thrown when a provider cannot be used here; the message says why. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static Provider named(String name) throws Unavailable {
        switch (name) {
            case "sun":
                Provider p = Security.getProvider("SunJSSE");
                if (p == null) {
                    throw new Unavailable("the JDK's SunJSSE provider is not in this JVM", null);
                }
                return p;
            case "conscrypt":
                try {
                    Class<?> c = Class.forName("org.conscrypt.Conscrypt");
                    // checkAvailability() throws the native library's load error when it does not load
                    c.getMethod("checkAvailability").invoke(null);
                    return (Provider) c.getMethod("newProvider").invoke(null);
                } catch (ClassNotFoundException e) {
                    throw new Unavailable("Conscrypt is not on the class path (org.conscrypt:conscrypt-openjdk-uber)", e);
                } catch (ReflectiveOperationException | LinkageError e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new Unavailable("Conscrypt does not load: " + cause, cause);
                }
            default:
                throw new Unavailable("unknown provider '" + name + "' (sun or conscrypt)", null);
        }
    }

    /** A TLS context of {@code p}: SunJSSE's is "TLSv1.3"; Conscrypt's "TLS" (protocols are set on each socket). */
    static SSLContext context(Provider p) throws GeneralSecurityException {
        return p.getName().equals("SunJSSE") ? SSLContext.getInstance("TLSv1.3", p) : SSLContext.getInstance("TLS", p);
    }

    /** "SunJSSE 17" or "Conscrypt 2.6.0": the provider's name and version as it reports them. */
    static String describe(Provider p) {
        if (p.getName().equals("Conscrypt")) {
            // Conscrypt's Provider version is a constant 1.0; its own version() is the release
            try {
                Object v = Class.forName("org.conscrypt.Conscrypt").getMethod("version").invoke(null);
                Class<?> vc = v.getClass();
                return "Conscrypt " + vc.getMethod("major").invoke(v) + "." + vc.getMethod("minor").invoke(v) + "."
                        + vc.getMethod("patch").invoke(v);
            } catch (ReflectiveOperationException | LinkageError e) {
                return "Conscrypt (version unknown)";
            }
        }
        return p.getName() + " " + p.getVersionStr();
    }
}
