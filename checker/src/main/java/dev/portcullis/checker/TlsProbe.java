package dev.portcullis.checker;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Runs one {@link Probe} with Bouncy Castle's low-level TLS client ({@code org.bouncycastle.tls}). Unlike any JSSE
 * provider (SunJSSE and BCJSSE both honour {@code jdk.tls.disabledAlgorithms}, which disables TLS 1.0/1.1 and
 * 3DES on Java 17), it offers exactly the versions and suites asked for on this one connection, without changing
 * JVM-wide settings. It only asks whether the server completes the handshake; it authenticates nothing.
 */
final class TlsProbe {
    private final Connector connector;
    private final SecureRandom random;

    TlsProbe(Connector connector, SecureRandom random) {
        this.connector = connector;
        this.random = random;
    }

    ProbeResult run(Endpoint endpoint, InetSocketAddress address, Probe probe) {
        BcTlsCrypto crypto = new BcTlsCrypto(random);
        int[] offered = TlsUtils.getSupportedCipherSuites(crypto, probe.suites());
        if (offered.length == 0) {
            return new ProbeResult(probe, ProbeResult.Outcome.UNTESTABLE, null, null,
                    "Bouncy Castle cannot offer these suites", false);
        }
        Connector.Ready ready;
        try {
            ready = connector.open(endpoint, address);
        } catch (IOException e) {
            return new ProbeResult(probe, ProbeResult.Outcome.UNTESTABLE, null, null,
                    "could not reach the TLS handshake: " + e.getMessage(), false);
        }
        Client client = new Client(crypto, probe, offered, connector.domain(), endpoint.directTls());
        try (var socket = ready.socket()) {
            TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            tls.connect(client);
            var params = client.context().getSecurityParametersConnection();
            ProtocolVersion v = params.getNegotiatedVersion();
            ProbeResult r = new ProbeResult(probe, ProbeResult.Outcome.ACCEPTED, v.getName(),
                    SuiteNames.name(params.getCipherSuite()), null, params.isEncryptThenMAC());
            try {
                tls.close();
            } catch (IOException ignored) {
                // the verdict is in; closing is a courtesy
            }
            return r;
        } catch (TlsFatalAlertReceived e) {
            return refused(probe, "server sent alert " + AlertDescription.getText(e.getAlertDescription()));
        } catch (TlsFatalAlert e) {
            if (!client.helloSent && e.getAlertDescription() == AlertDescription.internal_error) {
                return new ProbeResult(probe, ProbeResult.Outcome.UNTESTABLE, null, null,
                        "Bouncy Castle's client cannot offer " + probe.version().getName() + ": " + e.getMessage(),
                        false);
            }
            return refused(probe, "handshake failed: " + AlertDescription.getText(e.getAlertDescription())
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
        } catch (EOFException | SocketException e) {
            return refused(probe, "server closed the connection");
        } catch (SocketTimeoutException e) {
            return refused(probe, "server did not answer");
        } catch (IOException | RuntimeException e) {
            return refused(probe, "handshake failed: " + e);
        }
    }

    private static ProbeResult refused(Probe probe, String detail) {
        return new ProbeResult(probe, ProbeResult.Outcome.REFUSED, null, null, detail, false);
    }

    /** A client offering exactly one probe's version and suites. */
    private static final class Client extends DefaultTlsClient {
        private final Probe probe;
        private final int[] suites;
        private final String sni;
        private final boolean alpn;
        boolean helloSent;

        Client(BcTlsCrypto crypto, Probe probe, int[] suites, String sni, boolean alpn) {
            super(crypto);
            this.probe = probe;
            this.suites = suites;
            this.sni = sni;
            this.alpn = alpn;
        }

        org.bouncycastle.tls.TlsClientContext context() {
            return context;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return probe.version().only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return suites.clone();
        }

        @Override
        protected Vector getSNIServerNames() {
            Vector<ServerName> names = new Vector<>();
            names.add(new ServerName(NameType.host_name, sni.getBytes(StandardCharsets.US_ASCII)));
            return names;
        }

        @Override
        protected Vector getProtocolNames() {
            if (!alpn) {
                return null;
            }
            Vector<ProtocolName> names = new Vector<>();
            names.add(ProtocolName.asUtf8Encoding("xmpp-server")); // XEP-0368 §3
            return names;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            if (!probe.offerEncryptThenMac() && ext != null) {
                ext.remove(TlsExtensionsUtils.EXT_encrypt_then_mac);
            }
            helloSent = true;
            return ext;
        }

        @Override
        public void notifySecureRenegotiation(boolean secure) {
            // a probe reports what the server accepts; RFC 5746 support is not the question here
        }

        @Override
        public boolean shouldCheckSigAlgOfPeerCerts() {
            return false;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // the default handshake collects and judges the chain; a probe only asks "accepted?"
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                    return null;
                }
            };
        }
    }
}
