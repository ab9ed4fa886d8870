package dev.portcullis.tls;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.XECKey;
import java.security.spec.NamedParameterSpec;
import java.util.Locale;
import java.util.Set;
import javax.crypto.interfaces.DHKey;

/**
 * Per-engine algorithm constraints: the one place SunJSSE on Java 17 lets a single engine narrow its
 * key-exchange groups and signature schemes without the JVM-wide {@code jdk.tls.namedGroups} /
 * {@code jdk.tls.signatureSchemes} properties. SunJSSE asks the engine's constraints about every
 * group it would offer or accept ({@code KEY_AGREEMENT}, by group name), every signature scheme
 * ({@code SIGNATURE}, by scheme name) and every key-agreement key the peer sends; it still applies
 * {@code jdk.tls.disabledAlgorithms} on top. BCJSSE consults them too, besides its exact lists.
 *
 * <p>Names the policy does not know (cipher, MAC and key-exchange names) are permitted: suites are
 * restricted by the engine's enabled list. Each engine gets its own instance, which also remembers the
 * last peer key-agreement key so the negotiated group can be reported (RFC 7590 §3.6).
 */
final class PolicyConstraints implements AlgorithmConstraints {

    /** Every TLS group name either provider knows (RFC 8446 §4.2.7, RFC 8422 §5.1.1, RFC 7919 §2). */
    private static final Set<String> GROUP_NAMES = Set.of(
            "secp256r1", "secp384r1", "secp521r1", "x25519", "x448",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
            "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1",
            "sect239k1", "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1",
            "secp160k1", "secp160r1", "secp160r2", "secp192k1", "secp192r1", "secp224k1", "secp224r1",
            "secp256k1", "brainpoolp256r1", "brainpoolp384r1", "brainpoolp512r1",
            "brainpoolp256r1tls13", "brainpoolp384r1tls13", "brainpoolp512r1tls13",
            "curvesm2", "mlkem512", "mlkem768", "mlkem1024", "secp256r1mlkem768", "x25519mlkem768",
            "secp384r1mlkem1024", "gc256a", "gc256b", "gc256c", "gc256d", "gc512a", "gc512b", "gc512c");

    private final Profile profile;
    private final Set<String> groups;
    private final Set<String> schemes;
    private volatile Key lastPeerKeyAgreementKey;

    PolicyConstraints(Profile profile) {
        this.profile = profile;
        this.groups = Set.copyOf(profile.namedGroups());
        this.schemes = Set.copyOf(profile.signatureSchemes());
    }

    Profile profile() {
        return profile;
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
        String a = algorithm.toLowerCase(Locale.ROOT);
        if (primitives.contains(CryptoPrimitive.KEY_AGREEMENT) && GROUP_NAMES.contains(a)) {
            return groups.contains(a);
        }
        if (primitives.contains(CryptoPrimitive.SIGNATURE)) {
            if (isSignatureSchemeName(a)) {
                return schemes.contains(a);
            }
            // JCA names such as SHA1withRSA or MD5withRSA (RFC 9325 §4.5, RFC 9155).
            if (a.startsWith("sha1with") || a.startsWith("md5with") || a.startsWith("md2with")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
        if (primitives.contains(CryptoPrimitive.KEY_AGREEMENT)) {
            lastPeerKeyAgreementKey = key;
            if (key instanceof DHKey dh && dh.getParams().getP().bitLength() < profile.minDhBits()) {
                return false; // RFC 9325 §4.5: DH keys of at least 2048 bits
            }
        }
        return true;
    }

    @Override
    public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
        return permits(primitives, algorithm, parameters) && permits(primitives, key);
    }

    /** The group of the last key-agreement key seen on this engine, or {@code null}. */
    String observedGroup() {
        Key k = lastPeerKeyAgreementKey;
        if (k instanceof XECKey x && x.getParams() instanceof NamedParameterSpec n) {
            return n.getName().toLowerCase(Locale.ROOT);
        }
        if (k instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> "secp256r1";
                case 384 -> "secp384r1";
                case 521 -> "secp521r1";
                default -> "EC-" + bits;
            };
        }
        if (k instanceof DHKey dh) {
            return "ffdhe" + dh.getParams().getP().bitLength();
        }
        return null;
    }

    private static boolean isSignatureSchemeName(String a) {
        return a.startsWith("ecdsa_") || a.startsWith("rsa_") || a.startsWith("dsa_")
                || a.equals("ed25519") || a.equals("ed448") || a.startsWith("ecdsa_brainpool");
    }
}
