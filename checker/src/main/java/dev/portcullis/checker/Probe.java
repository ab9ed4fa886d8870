package dev.portcullis.checker;

import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * The narrow handshakes the checker tries on every endpoint. Each offers exactly one protocol version and one
 * family of suites, so an accepted handshake proves the server accepts that family (RFC 9325 §3.1.1, §4.1, §4.2).
 * Suites are Bouncy Castle's low-level TLS constants: the low-level API ignores {@code jdk.tls.disabledAlgorithms},
 * so deprecated protocols can be offered per connection without touching JVM-wide settings.
 */
enum Probe {
    SSL_3("SSLv3", ProtocolVersion.SSLv3, false,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA, CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA),
    TLS_1_0("TLS 1.0", ProtocolVersion.TLSv10, false, legacySuites()),
    TLS_1_1("TLS 1.1", ProtocolVersion.TLSv11, false, legacySuites()),
    TLS_1_2("TLS 1.2 AEAD with forward secrecy", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
    TLS_1_2_CBC("TLS 1.2 CBC without encrypt_then_mac", ProtocolVersion.TLSv12, false,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA),
    TLS_1_2_STATIC_RSA("TLS 1.2 static RSA (no forward secrecy)", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA),
    TLS_1_2_STATIC_DH("TLS 1.2 static (EC)DH (no forward secrecy)", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDH_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_DH_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DH_RSA_WITH_AES_128_CBC_SHA),
    TLS_1_2_3DES("TLS 1.2 3DES (112-bit)", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA, CipherSuite.TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA),
    TLS_1_2_DHE("TLS 1.2 finite-field DHE", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA),
    TLS_1_2_NULL("TLS 1.2 NULL encryption", ProtocolVersion.TLSv12, true,
            CipherSuite.TLS_RSA_WITH_NULL_SHA256, CipherSuite.TLS_RSA_WITH_NULL_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_NULL_SHA, CipherSuite.TLS_ECDHE_ECDSA_WITH_NULL_SHA),
    TLS_1_3("TLS 1.3", ProtocolVersion.TLSv13, true,
            CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256);

    private final String label;
    private final ProtocolVersion version;
    private final boolean offerEncryptThenMac;
    private final int[] suites;

    Probe(String label, ProtocolVersion version, boolean offerEncryptThenMac, int... suites) {
        this.label = label;
        this.version = version;
        this.offerEncryptThenMac = offerEncryptThenMac;
        this.suites = suites;
    }

    String label() {
        return label;
    }

    ProtocolVersion version() {
        return version;
    }

    /**
     * Whether the probe offers encrypt_then_mac (RFC 7366). The CBC probe does not: a server that accepts CBC
     * from a client without it would run CBC with MAC-then-encrypt, which RFC 9325 §4.2 says SHOULD NOT happen.
     */
    boolean offerEncryptThenMac() {
        return offerEncryptThenMac;
    }

    int[] suites() {
        return suites.clone();
    }

    List<String> suiteNames() {
        return java.util.Arrays.stream(suites).mapToObj(SuiteNames::name).toList();
    }

    private static int[] legacySuites() {
        return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA};
    }
}
