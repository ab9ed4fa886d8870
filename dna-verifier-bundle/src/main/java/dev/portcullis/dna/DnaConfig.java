package dev.portcullis.dna;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration {@code dev.portcullis.dna} ({@code etc/dev.portcullis.dna.cfg}), shared by the peer
 * locator, the prooftypes, the verifier and the certificate memory. Parsed and checked by
 * {@link DnaSettings}; a bad value is rejected and the previous configuration stays in force.
 */
@ObjectClassDefinition(id = DnaSettings.PID, name = "Portcullis domain name associations (DNA)",
        description = "How Portcullis proves that a federating peer's certificate belongs to the domain it claims "
                + "(RFC 7712): PKIX, DANE (RFC 7673) and POSH (RFC 7711), DNS with DNSSEC validation, and the "
                + "certificate memory (RFC 7590 §3.6).")
public @interface DnaConfig {

    @AttributeDefinition(name = "Prooftypes", description = "Prooftypes to run, in order of preference, comma "
            + "separated (RFC 7712 §7). Built in: pkix, dane, posh. Another bundle may register more under its own "
            + "name (service property prooftype.name).")
    String prooftypes() default "pkix,dane,posh";

    @AttributeDefinition(name = "DNS servers", required = false, description = "Recursive DNS servers, e.g. "
            + "127.0.0.1 or [::1]:5353, comma separated. Empty: the system's resolvers. Answers are DNSSEC-validated "
            + "by Portcullis itself against the trust anchors below.")
    String[] dns_servers() default {};

    @AttributeDefinition(name = "DNSSEC trust anchors", required = false, description = "A file of DS or DNSKEY "
            + "records in zone-file format (RFC 4033 §3.1). Empty: the IANA root KSKs shipped with the bundle "
            + "(KSK-2017, tag 20326, and KSK-2024, tag 38696).")
    String dns_trust$_$anchors() default "";

    @AttributeDefinition(name = "DNS timeout (ms)", description = "How long one DNS query may take.")
    int dns_timeout$_$ms() default 5000;

    @AttributeDefinition(name = "DNS cache maximum TTL (s)", description = "Answers are cached for their TTL, "
            + "but never longer than this.")
    int dns_cache_max$_$ttl() default 3600;

    @AttributeDefinition(name = "Verification timeout (ms)", description = "Prooftypes still running after this "
            + "are reported as ERROR (timeout) and the decision is taken without them.")
    int verify_timeout$_$ms() default 15000;

    @AttributeDefinition(name = "Use the system's trusted CAs", description = "PKIX trusts the Java runtime's CA "
            + "store (RFC 5280 §6) in addition to the files below.")
    boolean pkix_system$_$trust() default true;

    @AttributeDefinition(name = "Extra trusted CA files", required = false, description = "PEM files of CA "
            + "certificates trusted for PKIX (RFC 6120 §13.7.2) and for POSH's HTTPS (RFC 7711 §3), comma separated.")
    String[] pkix_trust$_$files() default {};

    @AttributeDefinition(name = "Revocation checking", description = "How a peer certificate's revocation status "
            + "is checked (RFC 5280 §6.3, RFC 6960, RFC 6120 §13.7.2). soft-fail: use the peer's stapled OCSP "
            + "response, else ask the OCSP responder named in the certificate, else its CRL; when none answers, accept "
            + "the certificate with a WARN and record 'revocation unknown'. hard-fail: as soft-fail, but refuse the "
            + "certificate when no answer is obtained. off: only stapled responses are honoured. A certificate found "
            + "revoked is always refused. Replaces pkix.revocation.fetch / pkix.revocation.soft-fail.",
            options = {@Option(label = "soft-fail", value = "soft-fail"), @Option(label = "hard-fail", value = "hard-fail"),
                    @Option(label = "off", value = "off")})
    String pkix_revocation() default "soft-fail";

    @AttributeDefinition(name = "Revocation timeout (ms)", description = "How long one OCSP request or CRL download "
            + "may take (connect and answer together). The whole check takes at most twice this, and always less "
            + "than the verification timeout.")
    int pkix_revocation_timeout$_$ms() default 5000;

    @AttributeDefinition(name = "POSH size limit (bytes)", description = "Largest POSH document accepted (RFC 7711).")
    int posh_max$_$bytes() default 65536;

    @AttributeDefinition(name = "POSH timeout (ms)", description = "Whole-request timeout of one POSH fetch.")
    int posh_timeout$_$ms() default 10000;

    @AttributeDefinition(name = "POSH maximum cache time (s)", description = "POSH documents are cached for the "
            + "lower of their expires values (RFC 7711 §6), but never longer than this.")
    int posh_max$_$cache() default 86400;

    @AttributeDefinition(name = "POSH HTTPS port (labs only)", description = "RFC 7711 §3 fetches POSH documents from "
            + "https://<domain>/ on port 443. Change this only in a lab whose web servers cannot listen on 443.")
    int posh_https$_$port() default 443;

    @AttributeDefinition(name = "On certificate change", description = "warn: log and post an event when a known "
            + "peer presents a new key (RFC 7590 §3.6). require-proof: additionally refuse the new certificate unless "
            + "a prooftype proves it. Only a certificate a prooftype proved for the domain is remembered; an unproven one "
            + "is compared and logged, never stored.", options = {@Option(label = "warn", value = "warn"),
            @Option(label = "require-proof", value = "require-proof")})
    String on$_$certificate$_$change() default "warn";
}
