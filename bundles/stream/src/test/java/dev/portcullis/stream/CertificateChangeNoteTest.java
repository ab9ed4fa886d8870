package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The host reports the certificate memory's verdict as it is (RFC 7590 §3.6): a proven new key is a change; an
 * unproven certificate that differs from the remembered one replaced nothing, so it is not called a change.
 */
class CertificateChangeNoteTest {

    private static String changeNotes(Link link) {
        return link.in.notes.stream().filter(n -> n.kind() == SecurityNote.Kind.CERTIFICATE_CHANGED)
                .map(SecurityNote::message).collect(Collectors.joining("\n"));
    }

    @Test
    void aProvenNewKeyIsReportedAsAChangeRfc7590Section36() {
        Link link = Link.standard();
        link.beta.fakeVerifier.certificateChanged = true;
        link.start();
        String notes = changeNotes(link);
        assertTrue(notes.contains("the certificate of " + TestPki.ALPHA + " changed"), notes);
    }

    @Test
    void anUnprovenDifferingCertificateIsNotCalledAChangeRfc7590Section36() {
        Link link = Link.standard();
        link.beta.fakeVerifier.certificateChanged = true;
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        link.start();
        String notes = changeNotes(link);
        assertTrue(notes.contains("differs from the one remembered") && notes.contains("no prooftype proves"), notes);
        assertTrue(!notes.contains(" changed ("), notes);
    }
}
