package dev.portcullis.tls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the s2s TLS policy (PID {@code dev.portcullis.tls}, file {@code etc/dev.portcullis.tls.cfg}).
 * Per-peer overrides are extra keys {@code peer.<domain>.profile = rfc9325 | rfc7525 | tls13}.
 */
@ObjectClassDefinition(name = "Portcullis TLS policy",
        description = "How every server-to-server TLS stream is protected (RFC 7590, RFC 9325). A bad value is "
                + "refused with a log line and the previous configuration stays in force. Per-peer overrides: add "
                + "keys peer.<domain>.profile = rfc9325 | rfc7525 | tls13.")
@interface TlsPolicyConfiguration {

    @AttributeDefinition(name = "Profile", description = "Named TLS profile for all peers without an override. "
            + "rfc9325: TLS 1.3 preferred, TLS 1.2 only with ECDHE and AES-GCM/ChaCha20 suites, no SHA-1, "
            + "RSA/DH of at least 2048 bits, EC of at least 256 bits (recommended). rfc7525: TLS 1.2 minimum "
            + "with the four RFC 7525 §4.2 suites (ECDHE-RSA and DHE-RSA with AES-GCM). tls13: TLS 1.3 only.",
            options = {@Option(label = "rfc9325 (recommended)", value = "rfc9325"),
                       @Option(label = "rfc7525", value = "rfc7525"),
                       @Option(label = "tls13 (TLS 1.3 only)", value = "tls13")})
    String profile() default "rfc9325";

    @AttributeDefinition(name = "JSSE provider", description = "sun (default): the JDK's SunJSSE. auto: conscrypt wherever its native "
            + "library loads and it can honour the rest of this configuration, else sun, with one log line saying "
            + "why (each update of the policy bundle then leaks the old copy of Conscrypt's JNI library). conscrypt: BoringSSL, embedded in the policy bundle, several times cheaper per handshake; it "
            + "has no DHE suites (so no rfc7525 profile) and always enables all three TLS 1.3 suites. bc: Bouncy Castle BCJSSE (its bundles must be installed); it can restrict "
            + "key-exchange groups and signature schemes exactly, per stream.",
            options = {@Option(label = "auto (Conscrypt where it loads, else SunJSSE)", value = "auto"),
                       @Option(label = "Conscrypt (BoringSSL)", value = "conscrypt"),
                       @Option(label = "SunJSSE (JDK)", value = "sun"), @Option(label = "Bouncy Castle BCJSSE", value = "bc")})
    String provider() default "sun";

    @AttributeDefinition(name = "Protocols", required = false, description = "Optional: replaces the profile's "
            + "protocol list, e.g. TLSv1.3. Only TLSv1.3 and TLSv1.2 are accepted: SSLv3, TLS 1.0 and TLS 1.1 "
            + "are refused (RFC 8996, RFC 9325 §3.1.1).")
    String[] protocols() default {};

    @AttributeDefinition(name = "Cipher suites", required = false, description = "Optional: replaces the "
            + "profile's cipher suites, IANA names, most preferred first. NULL, anonymous, EXPORT, RC4, DES/3DES, "
            + "static RSA/DH key exchange and suites under 128 bits are refused (RFC 9325 §4.1).")
    String[] cipher$_$suites() default {};

    @AttributeDefinition(name = "STARTTLS", description = "Always 'required': stanzas never travel in plaintext "
            + "(RFC 7590 §3.1, RFC 9325 §3.2). Exceptions are named in 'Plaintext domains'.")
    String starttls() default "required";

    @AttributeDefinition(name = "Plaintext domains", required = false, description = "Peer domains that may be "
            + "reached without TLS when STARTTLS fails, e.g. legacy.example. STARTTLS is still tried first and "
            + "every plaintext stream is logged as a warning. Leave empty.")
    String[] plaintext$_$domains() default {};

    @AttributeDefinition(name = "Session lifetime (seconds)", description = "How long a TLS session (and, in "
            + "SunJSSE, a session ticket) may be resumed, 1 to 86400. Changing any setting also starts new "
            + "session caches and ticket keys (RFC 9325 §3.4).", min = "1", max = "86400")
    int session$_$timeout() default 3600;
}
