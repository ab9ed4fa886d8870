package dev.portcullis.it.tls;

import static dev.portcullis.it.tls.TlsLab.EC_DOMAIN;
import static dev.portcullis.it.tls.TlsLab.RSA_DOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Editing {@code etc/dev.portcullis.tls.cfg} of a running distribution: a valid change applies to the next
 * stream, a forbidden one is refused with the team's log line and the previous policy stays, and the
 * Bouncy Castle provider works inside Felix (instances, never {@code Security.addProvider}).
 */
class TlsConfigReloadIT {

    @Test
    void profileChangeApplyRejectAndProviderSwitchOnTheRunningHost() throws Exception {
        try (TlsLab lab = new TlsLab("tlsreload", Map.of("provider", "auto"))) {
            // provider = auto: Conscrypt's native library loads inside Felix (issue 12 item 2)
            lab.host.awaitLog("TLS policy in force: profile rfc9325 on Conscrypt,", Duration.ofSeconds(20));
            String dhe = "DHE-RSA-AES128-GCM-SHA256";
            assertTrue(OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", dhe).refusedByServer(),
                    "rfc9325 (default) refuses TLS 1.2 DHE suites (RFC 9325 §4.1)");

            long pos = lab.host.logPosition();
            lab.host.config("dev.portcullis.tls", Map.of("provider", "auto", "profile", "rfc7525"));
            lab.host.awaitLogSince(pos, "TLS policy in force: profile rfc7525 on SunJSSE", Duration.ofSeconds(20));
            // Conscrypt has no DHE suite, so auto takes SunJSSE for rfc7525 and says so once, as a WARN
            String fallback = "TLS runs on SunJSSE, not Conscrypt (provider = auto in ";
            String why = lab.host.awaitLogSince(pos, java.util.regex.Pattern.quote(fallback) + "\\S*dev\\.portcullis\\.tls\\.cfg\\): "
                    + "Conscrypt cannot honour profile = rfc7525 \\(profile rfc7525 needs TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, "
                    + "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, which Conscrypt does not implement; use provider = sun or bc for it\\)",
                    Duration.ofSeconds(20));
            assertTrue(why.contains(" WARN "), why);
            assertEquals(1, lab.host.log().split(java.util.regex.Pattern.quote(fallback), -1).length - 1, lab.host.log());
            OpenSslProbe legacy = OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", dhe);
            assertTrue(legacy.connected(), "rfc7525 offers its §4.2 suite " + dhe + "\n" + legacy.output());
            assertEquals(dhe, legacy.cipher());

            pos = lab.host.logPosition();
            lab.host.config("dev.portcullis.tls", Map.of("provider", "auto", "profile", "rfc7525", "protocols", "TLSv1.2,TLSv1.1"));
            String line = lab.host.awaitLogSince(pos, "Rejected configuration dev.portcullis.tls from \\S*dev\\.portcullis\\.tls\\.cfg: "
                    + "protocols = TLSv1\\.2,TLSv1\\.1: TLSv1\\.1: TLS 1\\.1 must not be negotiated \\(RFC 8996 §5, RFC 9325 §3\\.1\\.1\\); "
                    + "the previous configuration stays in force", Duration.ofSeconds(20));
            assertTrue(line.contains(" ERROR "), line);
            assertTrue(OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", dhe).connected(),
                    "the previous (rfc7525) policy is still in force");
            assertTrue(OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
                    .refusedByServer(), "TLS 1.1 stays refused (RFC 8996 §5)");

            pos = lab.host.logPosition();
            lab.host.config("dev.portcullis.tls", Map.of("provider", "bc"));
            lab.host.awaitLogSince(pos, "TLS policy in force: profile rfc9325 on BCJSSE", Duration.ofSeconds(20));
            OpenSslProbe bc = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN);
            assertTrue(bc.connected(), "BCJSSE inside Felix\n" + bc.output() + "\n" + lab.host.log());
            assertEquals("TLSv1.3", bc.protocol());
            assertTrue(OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")
                    .refusedByServer(), "RFC 8996 §4 on BCJSSE");
            assertTrue(OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", dhe).refusedByServer(),
                    "back on rfc9325");
        }
    }

    /** A per-peer override (peer.<domain>.profile) applies to that peer only, on the running host. */
    @Test
    void aPerPeerOverrideAppliesTheLegacyProfileToThatPeerOnly() throws Exception {
        try (TlsLab lab = new TlsLab("tlspeer", Map.of())) {
            String dhe = "DHE-RSA-AES128-GCM-SHA256";
            long pos = lab.host.logPosition();
            lab.host.config("dev.portcullis.tls", Map.of("peer.legacy.test.profile", "rfc7525"));
            lab.host.awaitLogSince(pos, "TLS policy in force", Duration.ofSeconds(20));
            OpenSslProbe legacy = OpenSslProbe.starttlsFrom(lab.starttlsPort, RSA_DOMAIN, "legacy.test", "-tls1_2",
                    "-cipher", dhe);
            assertTrue(legacy.connected(), "legacy.test gets rfc7525 and its §4.2 suite " + dhe + "\n" + legacy.output());
            assertTrue(OpenSslProbe.starttlsFrom(lab.starttlsPort, RSA_DOMAIN, "modern.test", "-tls1_2", "-cipher", dhe)
                    .refusedByServer(), "every other peer stays on rfc9325, which refuses DHE (RFC 9325 §4.1)");
        }
    }
}
