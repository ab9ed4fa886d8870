package dev.portcullis.openfire;

import dev.portcullis.api.tls.PolicyDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.session.ConnectionSettings;
import org.jivesoftware.openfire.spi.ConnectionListener;
import org.jivesoftware.openfire.spi.ConnectionManagerImpl;
import org.jivesoftware.openfire.spi.ConnectionType;
import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the active profile's protocols and cipher suites, and "TLS required", into Openfire's s2s
 * configuration: {@code xmpp.socket.ssl.protocols} and {@code xmpp.socket.ssl.ciphersuites} (the
 * {@link ConnectionType#SOCKET_S2S} prefix, read by {@code ConnectionListener#generateConnectionConfiguration}
 * and used by {@code EncryptionArtifactFactory} for inbound and outbound s2s engines) and
 * {@code xmpp.server.tls.policy = required} (RFC 7590 §3.1). Openfire applies them only when a listener
 * starts, so both s2s listeners (STARTTLS and direct TLS) are restarted when a value changes.
 */
final class S2sTlsSettings {

    private static final Logger LOG = LoggerFactory.getLogger(S2sTlsSettings.class);
    private static final Duration PORT_RELEASE = Duration.ofSeconds(10);
    static final String PROTOCOLS = ConnectionType.SOCKET_S2S.getPrefix() + "protocols";
    static final String CIPHER_SUITES = ConnectionType.SOCKET_S2S.getPrefix() + "ciphersuites";
    static final String TLS_POLICY = ConnectionSettings.Server.TLS_POLICY;
    /** Where the values the administrator had before the plugin are kept, to restore when the plugin is removed. */
    static final String SAVED_PREFIX = "portcullis.openfire.saved.";
    /** Saved for a key the administrator had not set (Openfire stores no null value). */
    private static final String ABSENT = "(not set before the Portcullis plugin)";

    private S2sTlsSettings() {
    }

    /** Applies the policy; restarts the s2s listeners only when a value changed (a restart closes inbound s2s sessions). */
    static synchronized void apply(PolicyDescription policy) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(PROTOCOLS, String.join(",", policy.protocols()));
        wanted.put(CIPHER_SUITES, String.join(",", policy.cipherSuites()));
        wanted.put(TLS_POLICY, "required");
        boolean changed = false;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            String current = JiveGlobals.getProperty(e.getKey());
            if (JiveGlobals.getProperty(SAVED_PREFIX + e.getKey()) == null) {
                JiveGlobals.setProperty(SAVED_PREFIX + e.getKey(), current == null ? ABSENT : current);
            }
            if (!Objects.equals(current, e.getValue())) {
                JiveGlobals.setProperty(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            restartS2sListeners();
        }
        LOG.info("Portcullis: s2s TLS policy {} in force on Openfire's s2s listeners: TLS required (RFC 7590 §3.1), protocols {}, "
                + "cipher suites {} (RFC 9325 §4.1){}", policy.profile(), wanted.get(PROTOCOLS), wanted.get(CIPHER_SUITES),
                changed ? "; s2s listeners restarted, inbound s2s sessions were closed and peers reconnect" : "");
    }

    /** Puts back what the administrator had before the plugin set its values (on removal of the plugin). */
    static synchronized void restore() {
        boolean changed = false;
        for (String key : new String[] {PROTOCOLS, CIPHER_SUITES, TLS_POLICY}) {
            String saved = JiveGlobals.getProperty(SAVED_PREFIX + key);
            if (saved == null) {
                continue;
            }
            if (ABSENT.equals(saved)) {
                JiveGlobals.deleteProperty(key);
            } else {
                JiveGlobals.setProperty(key, saved);
            }
            JiveGlobals.deleteProperty(SAVED_PREFIX + key);
            changed = true;
        }
        if (changed) {
            restartS2sListeners();
            LOG.info("Portcullis: the plugin was removed; Openfire's own s2s TLS settings ({}, {}, {}) are restored",
                    PROTOCOLS, CIPHER_SUITES, TLS_POLICY);
        }
    }

    private static void restartS2sListeners() {
        ConnectionManagerImpl manager = (ConnectionManagerImpl) XMPPServer.getInstance().getConnectionManager();
        if (manager == null) {
            return; // Openfire is starting: the listeners start later with these values
        }
        for (ConnectionListener listener : manager.getListeners(ConnectionType.SOCKET_S2S)) {
            // a listener not started yet (plugins load before Openfire starts its listeners) starts with the new values
            if (listener.isEnabled() && listener.getConnectionAcceptor() != null) {
                restart(listener);
            }
        }
    }

    /**
     * {@code ConnectionListener#restart()} binds the new acceptor while Netty is still closing the old one's
     * socket (its close is asynchronous), and the bind then fails with "Address already in use", leaving s2s
     * without a listener. So: stop, wait until the port no longer accepts, start.
     */
    private static void restart(ConnectionListener listener) {
        listener.stop();
        InetAddress address = listener.getBindAddress() == null ? InetAddress.getLoopbackAddress() : listener.getBindAddress();
        long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
        while (System.nanoTime() < deadline && accepts(address, listener.getPort())) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        listener.start();
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
