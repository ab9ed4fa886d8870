package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.CA;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;

/**
 * Not a test (Surefire does not pick it up by name): {@code mvn test -pl tls-policy-bundle
 * -Dtest=HandshakeCostBenchmark} prints the cost of one mutually authenticated TLS 1.3 handshake in memory,
 * both ends on one thread, JIT-warmed, per provider and key type, and for Conscrypt per key form: the key in
 * BoringSSL's own form ({@link NativeKeys}), a JDK key (re-parsed from PKCS#8 on every handshake) and a key
 * without an encoding (signed through JCA upcalls). Figures go to README "TLS providers".
 */
class HandshakeCostBenchmark {

    private static final int WARM_UP = Integer.getInteger("warmup", 400);
    private static final int MEASURED = Integer.getInteger("measured", 600);

    enum KeyForm { NATIVE, JDK, JCA_UPCALL }

    @Test
    void run() throws Exception {
        Provider conscrypt = Conscrypt.newProvider();
        for (TestCa.KeyAlgorithm alg : List.of(TestCa.KeyAlgorithm.EC_P256, TestCa.KeyAlgorithm.RSA_2048)) {
            IssuedCertificate server = CA.issue("beta.test").dnsName("beta.test").key(alg).build();
            IssuedCertificate client = CA.issue("alpha.test").dnsName("alpha.test").key(alg).build();
            for (String provider : List.of("sun", "bc")) {
                report(provider, alg, "-", full(policy(provider), server, client, false));
            }
            for (KeyForm form : KeyForm.values()) {
                report("conscrypt", alg, form.name(), conscryptFull(conscrypt, form, server, client));
            }
            // resumption: SunJSSE server; SunJSSE and Conscrypt clients resume (OutboundResumptionTest)
            report("sun", alg, "resumed", full(policy("sun"), server, client, true));
        }
    }

    private static TlsPolicyComponent policy(String provider) {
        return new TlsPolicyComponent(Map.of("provider", provider, "protocols", "TLSv1.3"));
    }

    private static void report(String provider, TestCa.KeyAlgorithm alg, String variant, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf("HANDSHAKE %-9s %-8s %-10s p50 %.3f ms  p90 %.3f ms  (both ends, %d handshakes)%n", provider,
                alg, variant, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 9 / 10] / 1e6, nanos.length);
    }

    /** Full (or, with {@code resume}, resumed) handshakes between two policy engines of one provider. */
    private static long[] full(TlsPolicyComponent p, IssuedCertificate server, IssuedCertificate client, boolean resume)
            throws Exception {
        LocalIdentity s = new LocalIdentity("beta.test", server.keyPair().getPrivate(), server.chain());
        LocalIdentity c = new LocalIdentity("alpha.test", client.keyPair().getPrivate(), client.chain());
        TlsPolicyComponent peer = policy(p.describe().provider().equals("SunJSSE") ? "sun" : "bc");
        long[] out = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            int port = resume ? 5269 : 10_000 + i % 50_000;   // another port: no ticket to offer
            long t0 = System.nanoTime();
            Handshakes.Outcome o = Handshakes.run(
                    p.newEngine(new dev.portcullis.api.tls.TlsContext(dev.portcullis.api.Direction.OUTBOUND,
                            "alpha.test", "beta.test", List.of(c), "127.0.0.1", port)),
                    peer.newEngine(Fixtures.inbound("beta.test", "alpha.test", s)));
            if (resume) {
                Handshakes.deliverTickets(o);
            }
            long t = System.nanoTime() - t0;
            if (!o.succeeded()) {
                throw new AssertionError(o.errors());
            }
            if (i >= WARM_UP) {
                out[i - WARM_UP] = t;
            }
        }
        return out;
    }

    private static long[] conscryptFull(Provider conscrypt, KeyForm form, IssuedCertificate server,
                                        IssuedCertificate client) throws Exception {
        SSLContext sctx = context(conscrypt, identity("beta.test", server, form, conscrypt));
        SSLContext cctx = context(conscrypt, identity("alpha.test", client, form, conscrypt));
        DomainKeyManager skm = keyManagers.get(sctx);
        DomainKeyManager ckm = keyManagers.get(cctx);
        long[] out = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long t0 = System.nanoTime();
            SSLEngine ce = cctx.createSSLEngine("beta.test", 10_000 + i % 50_000);
            ce.setUseClientMode(true);
            ce.setEnabledProtocols(new String[] {"TLSv1.3"});
            ckm.bind(ce, "alpha.test");
            SSLEngine se = sctx.createSSLEngine();
            se.setUseClientMode(false);
            se.setWantClientAuth(true);
            se.setEnabledProtocols(new String[] {"TLSv1.3"});
            se.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
            skm.bind(se, "beta.test");
            Handshakes.Outcome o = Handshakes.run(ce, se);
            long t = System.nanoTime() - t0;
            if (!o.succeeded()) {
                throw new AssertionError(form + ": " + o.errors());
            }
            if (i >= WARM_UP) {
                out[i - WARM_UP] = t;
            }
        }
        return out;
    }

    private static final Map<SSLContext, DomainKeyManager> keyManagers = new java.util.HashMap<>();

    private static SSLContext context(Provider conscrypt, LocalIdentity id) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", conscrypt);
        DomainKeyManager km = new DomainKeyManager(List.of(id));
        ctx.init(new KeyManager[] {km}, new TrustManager[] {new FloorTrustManager(Profile.RFC9325)}, new SecureRandom());
        keyManagers.put(ctx, km);
        return ctx;
    }

    private static LocalIdentity identity(String domain, IssuedCertificate c, KeyForm form, Provider conscrypt) {
        LocalIdentity given = new LocalIdentity(domain, c.keyPair().getPrivate(), c.chain());
        return switch (form) {
            case NATIVE -> NativeKeys.convert(List.of(given), conscrypt).get(0);
            case JDK -> given;
            case JCA_UPCALL -> new LocalIdentity(domain, unencoded(given.key()), c.chain());
        };
    }

    /** The same key with no encoding, as a hardware key would be: Conscrypt must sign through JCA. */
    private static PrivateKey unencoded(PrivateKey k) {
        if (k instanceof ECPrivateKey ec) {
            return new ECPrivateKey() {
                @Override public BigInteger getS() { return ec.getS(); }
                @Override public ECParameterSpec getParams() { return ec.getParams(); }
                @Override public String getAlgorithm() { return "EC"; }
                @Override public String getFormat() { return null; }
                @Override public byte[] getEncoded() { return null; }
            };
        }
        RSAPrivateKey rsa = (RSAPrivateKey) k;
        return new RSAPrivateKey() {
            @Override public BigInteger getPrivateExponent() { return rsa.getPrivateExponent(); }
            @Override public BigInteger getModulus() { return rsa.getModulus(); }
            @Override public String getAlgorithm() { return "RSA"; }
            @Override public String getFormat() { return null; }
            @Override public byte[] getEncoded() { return null; }
        };
    }
}
