package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scripted peer talking plaintext XML to one session, byte exact. */
final class Raw {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='alpha.test' to='beta.test' version='1.0'>";

    final TestHost host = new TestHost("raw");
    final TestServices services;
    final StringBuilder output = new StringBuilder();

    private Raw(TestServices services) {
        this.services = services;
    }

    /** An inbound beta.test session; alpha.test may use plaintext dialback so stanza rules can be reached. */
    static Raw inboundPlaintextPermitted() {
        Raw r = new Raw(TestServices.beta());
        r.services.policy.plaintextPeers.add(TestPki.ALPHA);
        r.services.fakeDialback.authoritative = FakeDialback.askDirectly(new FakeDialback("alpha-secret"));
        r.host.session = S2sSession.inbound(r.host, r.services, SessionConfig.defaults().withMaxStanzaBytes(4096),
                false, "127.0.0.1", 40000);
        r.host.session.start();
        return r;
    }

    /** An inbound beta.test session with TLS required. */
    static Raw inbound() {
        Raw r = new Raw(TestServices.beta());
        r.host.session = S2sSession.inbound(r.host, r.services, SessionConfig.defaults().withMaxStanzaBytes(4096),
                false, "127.0.0.1", 40000);
        r.host.session.start();
        return r;
    }

    /** An inbound beta.test session with TLS required and the given settings. */
    static Raw inbound(SessionConfig config) {
        Raw r = new Raw(TestServices.beta());
        r.host.session = S2sSession.inbound(r.host, r.services, config, false, "127.0.0.1", 40000);
        r.host.session.start();
        return r;
    }

    /** An outbound alpha.test → beta.test session. */
    static Raw outbound() {
        return outbound(null);
    }

    /** An outbound alpha.test → beta.test session to {@code endpoint} (its DNSSEC and TLSA facts matter). */
    static Raw outbound(dev.portcullis.api.dna.Endpoint endpoint) {
        Raw r = new Raw(TestServices.alpha());
        r.host.session = S2sSession.outbound(r.host, r.services, SessionConfig.defaults(), TestPki.ALPHA, TestPki.BETA,
                endpoint, false);
        r.host.session.start();
        return r;
    }

    Raw send(String xml) {
        return send(xml.getBytes(StandardCharsets.UTF_8));
    }

    Raw send(byte[] bytes) {
        host.session.receive(ByteBuffer.wrap(bytes));
        host.runTasks();
        output.append(host.drainText());
        return this;
    }

    /** Opens the stream and authenticates alpha.test by plaintext dialback. */
    Raw authenticated() {
        send(HEADER);
        String key = new FakeDialback("alpha-secret").key(TestPki.BETA, TestPki.ALPHA, streamId());
        send("<db:result from='alpha.test' to='beta.test'>" + key + "</db:result>");
        assertTrue(output.toString().contains("type='valid'"), output::toString);
        assertEquals(SessionState.ESTABLISHED, host.session.state());
        return this;
    }

    String streamId() {
        Matcher m = Pattern.compile(" id='([^']+)'").matcher(output);
        assertTrue(m.find(), output::toString);
        return m.group(1);
    }

    /** The session closed with {@code condition}, sent it inside a stream, and closed the stream. */
    void assertStreamError(StreamErrorCondition condition) {
        assertTrue(host.closed, () -> "not closed; output " + output);
        assertEquals(condition, host.closedWith == null ? null : host.closedWith.condition(), () -> "closed with "
                + host.closedWith + "; output " + output);
        String out = output.toString();
        assertTrue(out.contains("<stream:error><" + condition.elementName()
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), out);
        assertTrue(out.indexOf("<stream:stream") < out.indexOf("<stream:error>"), "the error comes inside a stream: " + out);
        assertTrue(out.endsWith("</stream:stream>"), out);
        assertEquals(SessionState.CLOSED, host.session.state());
    }
}
