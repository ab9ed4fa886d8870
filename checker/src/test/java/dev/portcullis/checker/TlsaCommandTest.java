package dev.portcullis.checker;

import static dev.portcullis.checker.RecordsFixture.CA_SPKI_SHA256;
import static dev.portcullis.checker.RecordsFixture.EE_SPKI_SHA256;
import static dev.portcullis.checker.RecordsFixture.copy;
import static dev.portcullis.checker.RecordsFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./portcullis tlsa}: the exact records for a fixed certificate, and a clear error for every bad input. */
class TlsaCommandTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("RFC 7673 §3.3, RFC 7671 §5.1: 3 1 1 for the end-entity key at _5269._tcp.<SRV target>")
    void printsDaneEeRecordForTheEndEntityKeyAtTheSrvTargetRfc7673Section33() {
        Path cert = copy("xmpp.example.org.pem", tmp);
        RecordsFixture.Run r = run("tlsa", cert.toString(), "--host", "xmpp.example.org", "--domain", "example.org");
        assertEquals(new RecordsFixture.Run(0, """
                ; DANE for XMPP server-to-server (RFC 7673): publish in the DNSSEC-signed zone of xmpp.example.org.
                ; Peers use these records only when the SRV records pointing at xmpp.example.org are DNSSEC-signed too (RFC 7673 §3.1, §6):
                ;   _xmpp-server._tcp.example.org. IN SRV 0 0 5269 xmpp.example.org.
                ; 3 1 1 = DANE-EE, SubjectPublicKeyInfo, SHA-256 of CN=xmpp.example.org (RFC 7671 §5.1); a renewal that keeps the key keeps it valid (RFC 7671 §8.1).
                _5269._tcp.xmpp.example.org. IN TLSA 3 1 1 %s
                """.formatted(EE_SPKI_SHA256), ""), r);
    }

    @Test
    @DisplayName("RFC 7671 §5.2: 2 1 1 for the CA that issued the certificate, with the XEP-0368 port too")
    void printsDaneTaRecordForTheIssuingCaAndTheDirectTlsPortRfc7671Section52() {
        Path chain = copy("xmpp.example.org-chain.pem", tmp);
        RecordsFixture.Run r = run("tlsa", chain.toString(), "--usage", "2", "--port", "5270", "--xmpps-port", "5223",
                "--domain", "Example.ORG.");
        assertEquals(new RecordsFixture.Run(0, """
                ; DANE for XMPP server-to-server (RFC 7673): publish in the DNSSEC-signed zone of xmpp.example.org.
                ; Peers use these records only when the SRV records pointing at xmpp.example.org are DNSSEC-signed too (RFC 7673 §3.1, §6):
                ;   _xmpp-server._tcp.example.org. IN SRV 0 0 5270 xmpp.example.org.
                ;   _xmpps-server._tcp.example.org. IN SRV 0 0 5223 xmpp.example.org.   (XEP-0368 direct TLS)
                ; 2 1 1 = DANE-TA, SubjectPublicKeyInfo, SHA-256 of the issuing CA CN=Example Records CA (RFC 7671 §5.2);
                ; the server must send this CA in its chain (RFC 7671 §5.2.2) and the certificate must name example.org or xmpp.example.org (RFC 7673 §6).
                _5270._tcp.xmpp.example.org. IN TLSA 2 1 1 %1$s
                _5223._tcp.xmpp.example.org. IN TLSA 2 1 1 %1$s
                """.formatted(CA_SPKI_SHA256), ""), r);
    }

    @Test
    void readsTheCertificateFromAFileThatAlsoHoldsTheKey() {
        Path both = copy("key-and-certificate.pem", tmp);
        RecordsFixture.Run r = run("tlsa", both.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("_5269._tcp.xmpp.example.org. IN TLSA 3 1 1 " + EE_SPKI_SHA256,
                r.out().lines().filter(l -> !l.startsWith(";")).findFirst().orElseThrow());
    }

    @Test
    @DisplayName("RFC 7671 §5.2: usage 2 without the issuing CA in the file is an error (exit 1), not a wrong record")
    void usage2WithoutTheIssuingCaFailsRfc7671Section52() {
        Path cert = copy("xmpp.example.org.pem", tmp);
        RecordsFixture.Run r = run("tlsa", cert.toString(), "--usage", "2");
        assertEquals(new RecordsFixture.Run(1, "", "portcullis tlsa: the file holds no CA certificate that issued "
                + "CN=xmpp.example.org; a DANE-TA (2) record names the issuing CA (RFC 7671 §5.2): give the full "
                + "chain (e.g. fullchain.pem), or use --usage 3\n"), r);
    }

    @Test
    void aMissingFileFailsWithExitStatus1() {
        Path missing = tmp.resolve("missing.pem");
        RecordsFixture.Run r = run("tlsa", missing.toString());
        assertEquals(new RecordsFixture.Run(1, "", "portcullis tlsa: no such file: " + missing + "\n"), r);
    }

    @Test
    void aFileWithoutCertificateFailsWithExitStatus1() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pem"), "not a certificate\n");
        RecordsFixture.Run r = run("tlsa", text.toString());
        assertEquals(new RecordsFixture.Run(1, "", "portcullis tlsa: " + text
                + " holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")\n"), r);
    }

    @Test
    void aCorruptCertificateFailsWithExitStatus1() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        RecordsFixture.Run r = run("tlsa", bad.toString());
        assertEquals(1, r.status(), r::toString);
        assertEquals("", r.out());
        assertEquals(true, r.err().startsWith("portcullis tlsa: " + bad + " is not a PEM certificate file: "), r::toString);
    }

    @Test
    void badOptionsAreUsageErrorsWithExitStatus2() {
        Path cert = copy("xmpp.example.org.pem", tmp);
        String c = cert.toString();
        assertUsage("--usage expects 3 (DANE-EE) or 2 (DANE-TA), got '1' (RFC 7671 §5.1, §5.2)", "tlsa", c, "--usage", "1");
        assertUsage("--port port out of range: 70000", "tlsa", c, "--port", "70000");
        assertUsage("--port expects a port number, got 'x'", "tlsa", c, "--port", "x");
        assertUsage("--host is not a domain name: 'bad host' (letters, digits and hyphens, or an internationalised name; RFC 7622 §3.2)", "tlsa", c, "--host", "bad host");
        assertUsage("--domain needs a value", "tlsa", c, "--domain");
        assertUsage("unknown option --bogus", "tlsa", c, "--bogus");
        assertUsage("one certificate file only (got " + c + " and other.pem)", "tlsa", c, "other.pem");
        assertUsage("which certificate? e.g. portcullis tlsa /etc/letsencrypt/live/xmpp.example.org/fullchain.pem",
                "tlsa");
    }

    @Test
    void helpPrintsTheUsageAndExits0() {
        RecordsFixture.Run r = run("tlsa", "--help");
        assertEquals(new RecordsFixture.Run(0, "", TlsaCommand.USAGE + "\n"), r);
    }

    static void assertUsage(String message, String... args) {
        RecordsFixture.Run r = run(args);
        String usage = args[0].equals("tlsa") ? TlsaCommand.USAGE : PoshCommand.USAGE;
        assertEquals(new RecordsFixture.Run(2, "", "portcullis " + args[0] + ": " + message + "\n\n" + usage + "\n"), r);
    }
}
