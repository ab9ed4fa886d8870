package dev.portcullis.dialback;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The {@code dev.portcullis.dialback} configuration as the Web Console shows it (file:
 * {@code etc/dev.portcullis.dialback.cfg}). Values arrive as text and are validated by {@link SettingsParser};
 * a bad value is logged and the previous configuration stays in force.
 */
@ObjectClassDefinition(id = "dev.portcullis.dialback", name = "Portcullis Server Dialback",
        description = "Server Dialback (XEP-0220) with XEP-0185 keys and the XEP-0344 shortcuts: a fallback for peers "
                + "whose certificate could not be proven by any prooftype (RFC 7712 §4.3). Dialback runs only over TLS "
                + "unless the TLS policy permits plaintext with the peer. DNSSEC-secured lookups of the authoritative "
                + "server are done by the host's s2s component through the PeerLocator.")
@interface DialbackConfiguration {

    @AttributeDefinition(name = "Mode", description = "When dialback may authenticate a peer. fallback (default): only "
            + "when its certificate could not be proven by any prooftype. never: only proven certificates authenticate "
            + "(SASL EXTERNAL, or a dialback request answered from the proven certificate per XEP-0344). allowed: also "
            + "alongside a proven certificate, e.g. for a piggybacked domain the certificate does not name.",
            options = {
                @Option(value = "fallback", label = "fallback: only when no certificate could be proven"),
                @Option(value = "never", label = "never: proven certificates only"),
                @Option(value = "allowed", label = "allowed: also alongside a proven certificate")
            })
    String mode() default "fallback";

    @AttributeDefinition(name = "Secret", type = AttributeType.PASSWORD, required = false,
            description = "The shared secret dialback keys are made from (XEP-0185). Leave empty to use a random "
                    + "secret generated once and kept in the bundle data area (readable by its owner only). A cluster "
                    + "of hosts serving the same domains MUST share one secret: set the same value on every host. At "
                    + "least 16 characters, e.g. the output of `openssl rand -hex 32`.")
    String secret() default "";

    @AttributeDefinition(name = "Previous secret", type = AttributeType.PASSWORD, required = false,
            description = "After changing the secret, put the old one here so keys already sent by streams still "
                    + "opening keep verifying for the grace period below. Changing the secret without this keeps the "
                    + "replaced secret for the grace period anyway, until the next restart.")
    String secret_previous() default "";

    @AttributeDefinition(name = "Previous secret grace period",
            description = "How long the previous secret is still accepted after a rotation, as an ISO-8601 duration "
                    + "(PT1H = one hour; 0 to PT720H). Counted from when the previous secret was first configured, "
                    + "across restarts.")
    String secret_previous_grace() default "PT1H";

    @AttributeDefinition(name = "Verify timeout",
            description = "How long to wait for a peer's authoritative server to answer a db:verify before answering "
                    + "the peer remote-server-timeout (XEP-0220 §2.5), as an ISO-8601 duration (PT1S to PT5M).")
    String verify_timeout() default "PT20S";

    @AttributeDefinition(name = "Dialback requests per stream",
            description = "How many db:result requests one stream may make per window below; more are answered "
                    + "resource-constraint (XEP-0220 §2.5) so a peer cannot make this server contact servers without "
                    + "bound. Raise it for peers multiplexing many domains on one stream. 1 to 10000.")
    String result_limit() default "30";

    @AttributeDefinition(name = "Rate window",
            description = "The window of the limit above, as an ISO-8601 duration (PT1S to PT1H).")
    String result_window() default "PT1M";

    @AttributeDefinition(name = "Domains that must prove their certificate", required = false,
            description = "Peer domains never authenticated by dialback, whatever the mode: they must present a "
                    + "certificate a prooftype proves. Comma-separated; *.example.org covers every subdomain.")
    String[] require$_$proof$_$domains() default {};

    @AttributeDefinition(name = "Domains always permitted dialback", required = false,
            description = "Peer domains for which dialback is permitted whatever the mode (still only over TLS, and "
                    + "never when the verifier rejected their certificate). Comma-separated; *.example.org covers "
                    + "every subdomain.")
    String[] dialback$_$domains() default {};

    @AttributeDefinition(name = "Hosted domains", required = false,
            description = "Our domains. When set, db:result and db:verify requests for any other domain are answered "
                    + "item-not-found (XEP-0220 §2.2). Leave empty when the host checks this itself.")
    String[] hosted$_$domains() default {};
}
