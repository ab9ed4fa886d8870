package dev.portcullis.tls;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.conscrypt.Conscrypt;

/**
 * Hands out SSLContexts of the chosen provider. Bouncy Castle and Conscrypt are used as provider
 * <em>instances</em> owned by this component, never registered with {@code Security.addProvider}: a JVM-wide
 * registration would pin this bundle's classes after an update and change TLS for everything else in the
 * process (docs/LIBRARIES.md, trap 4).
 */
final class Providers {

    private final Supplier<Optional<String>> conscryptProbe;
    private final Map<JsseProvider, Set<String>> suites = new EnumMap<>(JsseProvider.class);
    private Provider bcJsse;
    private Provider conscrypt;
    private Optional<String> conscryptUnavailable;

    Providers() {
        this(Providers::probeConscrypt);
    }

    /** For tests: {@code conscryptProbe} stands in for loading the JNI library (empty: it loads). */
    Providers(Supplier<Optional<String>> conscryptProbe) {
        this.conscryptProbe = conscryptProbe;
    }

    /** Suites a provider supports, for validating configuration; computed once per provider. */
    synchronized Set<String> supportedSuites(JsseProvider kind) {
        Set<String> s = suites.get(kind);
        if (s == null) {
            try {
                SSLContext ctx = newContext(kind);
                ctx.init(new KeyManager[0], new TrustManager[] {new FloorTrustManager(Profile.RFC9325)}, new SecureRandom());
                s = Set.of(ctx.getSupportedSSLParameters().getCipherSuites());
            } catch (GeneralSecurityException e) {
                return Set.of();
            }
            suites.put(kind, s);
        }
        return s;
    }

    /** A fresh, uninitialised TLS context of the given provider. */
    synchronized SSLContext newContext(JsseProvider kind) throws GeneralSecurityException {
        return switch (kind) {
            case SUN -> SSLContext.getInstance("TLS", sunJsse());
            case BC -> SSLContext.getInstance("TLS", bcJsse());
            case CONSCRYPT -> SSLContext.getInstance("TLS", conscrypt());
        };
    }

    /** Why a provider cannot be used in this JVM, or empty. Only Conscrypt can be missing (its JNI library). */
    synchronized Optional<String> unavailable(JsseProvider kind) {
        if (kind != JsseProvider.CONSCRYPT) {
            return Optional.empty();
        }
        if (conscryptUnavailable == null) {
            conscryptUnavailable = conscryptProbe.get();
        }
        return conscryptUnavailable;
    }

    /** The Conscrypt provider instance (its key factories give BoringSSL-native keys, {@link NativeKeys}). */
    synchronized Provider conscrypt() throws GeneralSecurityException {
        Optional<String> why = unavailable(JsseProvider.CONSCRYPT);
        if (why.isPresent()) {
            throw new GeneralSecurityException(why.get());
        }
        if (conscrypt == null) {
            conscrypt = Conscrypt.newProvider();
        }
        return conscrypt;
    }

    private static Optional<String> probeConscrypt() {
        try {
            Conscrypt.checkAvailability();
            return Optional.empty();
        } catch (Throwable t) {   // UnsatisfiedLinkError, NoClassDefFoundError: the JNI library did not load
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            String detail = String.valueOf(root.getMessage());
            return Optional.of("Conscrypt's native library (BoringSSL) does not load on " + platform.toLowerCase(Locale.ROOT)
                    + " (" + root.getClass().getSimpleName() + ": " + detail.substring(0, Math.min(200, detail.length()))
                    + "); it ships for linux x86_64/aarch64, macOS x86_64/aarch64 and Windows x86_64 and is "
                    + "unpacked into java.io.tmpdir, which must be writable and not mounted noexec");
        }
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
