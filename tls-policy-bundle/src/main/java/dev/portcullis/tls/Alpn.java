package dev.portcullis.tls;

import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;

/**
 * ALPN on XEP-0368 direct TLS (XEP-0368 §3, RFC 9325 §3.8, RFC 7301 §3.2). As server we select
 * {@code xmpp-server} when it is offered and answer a client that offers ALPN without it with a fatal
 * no_application_protocol alert (the provider sends it when the selector returns {@code null}), so a TLS
 * connection meant for another protocol (ALPACA) never reaches the XMPP stream. A client offering no ALPN
 * at all is served, as XEP-0368 only says SHOULD. As client we offer {@code xmpp-server} and abort if the
 * server selects anything else. Both SunJSSE and BCJSSE implement the selector and the client list.
 */
final class Alpn {
    static final String XMPP_SERVER = "xmpp-server";

    private Alpn() {
    }

    /** A server-side selector for one engine. */
    static BiFunction<SSLEngine, List<String>, String> selector() {
        return new ServerSelector();
    }

    /**
     * {@code xmpp-server}, no ALPN ({@code ""}) if none offered, else refuse ({@code null}). SunJSSE and
     * BCJSSE then send no_application_protocol; Conscrypt goes on without ALPN, so the refusal is remembered
     * and {@link #checkSelection} ends the engine when the handshake finishes, before any stream byte.
     */
    private static final class ServerSelector implements BiFunction<SSLEngine, List<String>, String> {
        private volatile boolean refused;

        @Override
        public String apply(SSLEngine engine, List<String> offered) {
            if (offered == null || offered.isEmpty()) {
                return "";
            }
            if (offered.contains(XMPP_SERVER)) {
                return XMPP_SERVER;
            }
            refused = true;
            return null;
        }
    }

    /** RFC 9325 §3.8: a client aborts when the server acknowledged ALPN but picked a protocol we did not offer. */
    static void checkSelection(SSLEngine engine) throws SSLHandshakeException {
        if (!engine.getUseClientMode()) {
            if (engine.getHandshakeApplicationProtocolSelector() instanceof ServerSelector s && s.refused) {
                throw new SSLHandshakeException("the client " + engine.getPeerHost() + " offered ALPN without "
                        + XMPP_SERVER + " on direct TLS: no application protocol in common (RFC 7301 §3.2 "
                        + "no_application_protocol, RFC 9325 §3.8); the connection is closed before any XMPP. "
                        + "Nothing to fix locally: the peer connected to our direct-TLS port for another protocol");
            }
            return;
        }
        String[] offered = engine.getSSLParameters().getApplicationProtocols();
        if (offered == null || offered.length == 0) {
            return;
        }
        String selected = engine.getApplicationProtocol();
        if (selected != null && !selected.isEmpty() && !List.of(offered).contains(selected)) {
            throw new SSLHandshakeException("the server " + engine.getPeerHost() + " selected the application protocol '"
                    + selected + "' where we offered only " + List.of(offered) + " on direct TLS; refused "
                    + "(RFC 9325 §3.8, XEP-0368 §3). The peer's direct-TLS port serves another protocol: check its "
                    + "_xmpps-server._tcp SRV record");
        }
    }
}
