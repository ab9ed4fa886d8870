package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checker's side of stream negotiation (RFC 6120 §4, §5.4) against hostile or broken servers. */
class XmppStreamTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' from='example.test' "
            + "id='1' version='1.0'>";

    private static XmppStream stream(String serverBytes, ByteArrayOutputStream sent) {
        return new XmppStream(new ByteArrayInputStream(serverBytes.getBytes(StandardCharsets.UTF_8)), sent);
    }

    @Test
    void readsFeaturesAndProceedsWithStartTlsUnderRfc6120Section542() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        XmppStream s = stream(HEADER + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                + "</starttls></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", sent);
        XmppStream.Opened o = s.open("check.portcullis.invalid", "example.test");
        assertTrue(o.header().declaresDialback());
        assertEquals("features", o.features().name());
        s.startTls();
        String out = sent.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("to='example.test'") && out.contains("from='check.portcullis.invalid'"), out);
        assertTrue(out.endsWith("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), out);
    }

    @Test
    void aDtdIsRefusedUnderRfc6120Section111() {
        IOException e = assertThrows(IOException.class, () -> stream("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a "
                + "'b'>]>" + HEADER, new ByteArrayOutputStream()).open("a.test", "example.test"));
        assertTrue(e.getMessage().contains("not acceptable XMPP"), e.getMessage());
    }

    @Test
    void aStreamErrorIsReportedWithItsConditionAndText() {
        IOException e = assertThrows(IOException.class, () -> stream(HEADER + "<stream:error><host-unknown "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>"
                + "no such host</text></stream:error>", new ByteArrayOutputStream()).open("a.test", "example.test"));
        assertEquals("the server sent a stream error: <host-unknown/> \"no such host\"", e.getMessage());
    }

    @Test
    void somethingOtherThanFeaturesIsNamed() {
        IOException e = assertThrows(IOException.class, () -> stream(HEADER + "<message/>",
                new ByteArrayOutputStream()).open("a.test", "example.test"));
        assertTrue(e.getMessage().contains("expected <stream:features/>"), e.getMessage());
    }

    @Test
    void aFailureInsteadOfProceedIsNamed() throws IOException {
        XmppStream s = stream(HEADER + "<stream:features/><failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                new ByteArrayOutputStream());
        s.open("a.test", "example.test");
        IOException e = assertThrows(IOException.class, s::startTls);
        assertTrue(e.getMessage().contains("<failure/> instead of <proceed/>"), e.getMessage());
    }

    @Test
    void aClosedConnectionBeforeTheHeaderIsNamed() {
        IOException e = assertThrows(IOException.class, () -> stream("", new ByteArrayOutputStream())
                .open("a.test", "example.test"));
        assertTrue(e.getMessage().contains("before sending a stream header"), e.getMessage());
    }

    @Test
    void tlsBytesFromADirectTlsPortAreNotXmpp() {
        IOException e = assertThrows(IOException.class, () -> new XmppStream(new ByteArrayInputStream(
                new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46}), new ByteArrayOutputStream())
                .open("a.test", "example.test"));
        assertTrue(e.getMessage().contains("not acceptable XMPP"), e.getMessage());
    }
}
