package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9325 §3.4: resumption information must be authenticated and encrypted. Seen from the client: the
 * TLS 1.3 ticket SunJSSE hands to openssl s_client does not carry the resumption secret in clear, and a
 * ticket altered by one bit is not accepted (a full handshake follows). BCJSSE 1.84 issues no TLS 1.3
 * tickets at all ({@link OpenSslResumptionTest#bouncyCastleDoesNotResumeTls13}).
 */
class TicketProtectionTest {
    private static final String PEM = "SSL SESSION PARAMETERS";
    /** OpenSSL's SSL_SESSION ASN.1: master_key is the fifth field, the ticket is [10] EXPLICIT OCTET STRING. */
    private static final int MASTER_KEY = 4;
    private static final int TICKET_TAG = 10;

    @Test
    void aTls13TicketHidesItsSecretAndAnAlteredTicketIsRefusedRfc9325Section3_4(@TempDir Path dir) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy("sun"), List.of(identity("beta.test", BETA)))) {
            Path session = dir.resolve("session.pem");
            OpenSsl.Probe first = OpenSsl.starttls(r.port(), "beta.test", "\n", "-tls1_3", "-sess_out", session.toString());
            assertTrue(first.connected(), first.output());
            ASN1Sequence s = ASN1Sequence.getInstance(readPem(session));
            byte[] secret = ASN1OctetString.getInstance(s.getObjectAt(MASTER_KEY)).getOctets();
            byte[] ticket = ticketOf(s);
            assertTrue(secret.length >= 32 && ticket.length > secret.length, secret.length + " / " + ticket.length);
            assertFalse(contains(ticket, secret), "the ticket carries the resumption secret in clear");

            // control: the genuine ticket, re-encoded the way the altered one will be, resumes; so the refusal
            // below is the server's judgement of the altered bytes, not of our re-encoding
            Path copy = dir.resolve("copy.pem");
            writePem(copy, withTicket(s, ticket));
            OpenSsl.Probe genuine = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3", "-sess_in", copy.toString());
            assertTrue(genuine.output().contains("Reused, TLSv1.3"), genuine.output());

            byte[] altered = ticket.clone();
            altered[altered.length / 2] ^= 0x01;
            Path forged = dir.resolve("forged.pem");
            writePem(forged, withTicket(s, altered));
            OpenSsl.Probe probe = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3", "-sess_in", forged.toString());
            assertTrue(probe.connected(), probe.output());
            assertFalse(probe.output().contains("Reused,"), "an altered ticket was accepted\n" + probe.output());
            assertEquals("TLSv1.3", probe.protocol(), "a new full handshake instead");
        }
    }

    private static byte[] ticketOf(ASN1Sequence s) {
        for (ASN1Encodable e : s) {
            if (e instanceof ASN1TaggedObject t && t.getTagNo() == TICKET_TAG) {
                return ASN1OctetString.getInstance(t.getExplicitBaseObject()).getOctets();
            }
        }
        throw new AssertionError("SunJSSE's NewSessionTicket left no ticket in the saved session");
    }

    private static byte[] withTicket(ASN1Sequence s, byte[] ticket) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (ASN1Encodable e : s) {
            boolean isTicket = e instanceof ASN1TaggedObject t && t.getTagNo() == TICKET_TAG;
            v.add(isTicket ? new DERTaggedObject(true, TICKET_TAG, new DEROctetString(ticket)) : e);
        }
        return new DERSequence(v).getEncoded("DER");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.areEqual(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readPem(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN " + PEM + "-----");
        int end = text.indexOf("-----END " + PEM + "-----");
        assertTrue(begin >= 0 && end > begin, text);
        return Base64.getMimeDecoder().decode(text.substring(begin + PEM.length() + 16, end));
    }

    private static void writePem(Path file, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + PEM + "-----\n" + body + "\n-----END " + PEM + "-----\n", StandardCharsets.US_ASCII);
    }
}
