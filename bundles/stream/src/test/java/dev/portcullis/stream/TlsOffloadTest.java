package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.stream.AuthMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 1: the CPU-heavy part of a stream (TLS delegated tasks, the verifier's synchronous part) is
 * handed to the host ({@link SessionHost#offload}); the session resumes when the host says the work is done,
 * with the bytes that arrived meanwhile kept in order.
 */
class TlsOffloadTest {

    @Test
    @DisplayName("STARTTLS, TLS 1.3 and SASL EXTERNAL complete when delegated tasks finish later (RFC 6120 §5, XEP-0178)")
    void negotiatesWhenDelegatedTasksFinishAfterFurtherBytesArrive() {
        for (int chunk : new int[]{Integer.MAX_VALUE, 1}) {
            Link link = Link.standard();
            link.chunk = chunk; // every record split at every byte, arriving while the tasks are pending
            link.out.deferOffload = true;
            link.in.deferOffload = true;
            link.start();
            NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
            NegotiationTest.assertStanzaFlows(link);
            assertTrue(link.out.offloads > 0 && link.in.offloads > 0, "both sides handed work to the host");
            assertEquals(0, link.out.offloaded.size() + link.in.offloaded.size());
        }
    }

    @Test
    @DisplayName("Direct TLS completes when delegated tasks finish later (XEP-0368)")
    void negotiatesDirectTlsWithDeferredTasks() {
        Link link = new Link(TestServices.alpha(), TestServices.beta(), true);
        link.out.deferOffload = true;
        link.in.deferOffload = true;
        link.start();
        NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
    }

    @Test
    @DisplayName("The domain verifier is asked inside offloaded work, never on the I/O thread (RFC 7712 §4)")
    void verifierIsAskedInsideOffloadedWork() {
        TestServices alpha = TestServices.alpha();
        TestServices beta = TestServices.beta();
        Link link = new Link(alpha, beta, false);
        List<Boolean> offThread = new ArrayList<>();
        for (TestServices s : List.of(alpha, beta)) {
            DomainVerifier real = s.verifier;
            TestHost host = s == alpha ? link.out : link.in;
            s.verifier = r -> {
                offThread.add(host.inOffloadedWork);
                return real.verify(r);
            };
        }
        link.out.deferOffload = true;
        link.in.deferOffload = true;
        link.start();
        NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertTrue(!offThread.isEmpty(), "the verifier was asked");
        assertEquals(List.of(), offThread.stream().filter(b -> !b).toList(), "every call inside offloaded work");
    }

    @Test
    @DisplayName("A host without room for the handshake's tasks closes the stream; nothing runs inline (RFC 6120 §4.9.3.17)")
    void refusedOffloadClosesTheStreamWithResourceConstraint() {
        Link link = Link.standard();
        link.in.refuseOffload = true;
        link.start();
        assertTrue(link.in.closed, "the receiving side closed the stream");
        assertEquals(StreamErrorCondition.RESOURCE_CONSTRAINT, link.in.closedWith.condition());
        assertEquals(0, link.in.offloads, "no task ran");
        // mid-handshake nothing can be said in TLS: the host closes the TCP connection (Link has no TCP)
        assertEquals("", new String(link.in.written.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("(?s)^.*<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", ""),
                "nothing written after <proceed/>: the abandoned engine wrote no records");
    }
}
