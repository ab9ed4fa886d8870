package dev.portcullis.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority generated per test run (docs/CONVENTIONS.md §9: certificates in tests are real and
 * generated per run). Issues XMPP server certificates with the identities of RFC 6120 §13.7.1.2:
 * DNS-ID, SRV-ID ({@code id-on-dnsSRV}, RFC 4985) and XmppAddr ({@code id-on-xmppAddr}).
 */
public final class TestCa {

    /** id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    public static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    /** id-on-dnsSRV (RFC 4985 §2). */
    public static final ASN1ObjectIdentifier DNS_SRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCa(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A new ECDSA P-256 root CA named {@code cn}. */
    public static TestCa create(String cn) {
        try {
            KeyPair kp = KeyAlgorithm.EC_P256.generate();
            X500Name name = new X500Name("CN=" + cn + ",O=Portcullis tests");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))),
                    name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new TestCa(kp, sign(b, kp, "SHA256withECDSA"));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create test CA", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** Starts describing a certificate for an XMPP server. */
    public Issue issue(String commonName) {
        return new Issue(commonName);
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCertificate(Path file) throws IOException {
        Files.writeString(file, pem(certificate));
        return file;
    }

    /** PEM encoding of any certificate, key or other BC-writable object. */
    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer, String alg)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner s = new JcaContentSignerBuilder(alg).build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(s));
    }

    /** Key algorithms tests need, including weak ones for policy tests. */
    public enum KeyAlgorithm {
        EC_P256("EC", "secp256r1", 0, "SHA256withECDSA"),
        EC_P384("EC", "secp384r1", 0, "SHA384withECDSA"),
        RSA_2048("RSA", null, 2048, "SHA256withRSA"),
        RSA_1024("RSA", null, 1024, "SHA256withRSA");

        final String algorithm;
        final String curve;
        final int bits;
        final String signatureAlgorithm;

        KeyAlgorithm(String algorithm, String curve, int bits, String signatureAlgorithm) {
            this.algorithm = algorithm;
            this.curve = curve;
            this.bits = bits;
            this.signatureAlgorithm = signatureAlgorithm;
        }

        public KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            } else {
                g.initialize(bits, new SecureRandom());
            }
            return g.generateKeyPair();
        }
    }

    /** A certificate being described; {@link #build()} signs it. */
    public final class Issue {
        private final String commonName;
        private final List<GeneralName> names = new ArrayList<>();
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private String signatureAlgorithm;
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        // 60 days, like an ACME certificate a month after renewal: outside the 30/7/1-day expiry warnings, so a
        // lab host starts without a CERTIFICATE_EXPIRING event unless the test asks for a short-lived certificate
        private Instant notAfter = Instant.now().plus(Duration.ofDays(60));
        private boolean serverAuth = true;
        private boolean clientAuth = true;
        private KeyPair keyPair;
        private String ocspUrl;
        private String crlUrl;
        private boolean selfSigned;

        private Issue(String commonName) {
            this.commonName = commonName;
        }

        /** Adds a DNS-ID subjectAltName (RFC 6125 §6.4). */
        public Issue dnsName(String name) {
            names.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        /**
         * Names an XMPP domain the way RFC 6120 §13.7.1.2 recommends: as a DNS-ID and as an XmppAddr
         * (RFC 6120 §13.7.1.4).
         */
        public Issue xmppDomain(String domain) {
            return dnsName(domain).xmppAddr(domain);
        }

        /**
         * Signs the certificate with its own key instead of the CA's: an end entity no CA vouches for, which only
         * DANE-EE (RFC 7671 §5.1), POSH or dialback can authenticate. Its {@link IssuedCertificate#issuer()} is
         * the certificate itself.
         */
        public Issue selfSigned() {
            this.selfSigned = true;
            return this;
        }

        /** Adds an SRV-ID, e.g. {@code _xmpp-server.example.test} (RFC 4985, RFC 6120 §13.7.1.2.1). */
        public Issue srvName(String srvName) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(DNS_SRV);
            v.add(new DERTaggedObject(true, 0, new DERIA5String(srvName)));
            names.add(new GeneralName(GeneralName.otherName, new DERSequence(v)));
            return this;
        }

        /** Adds an XmppAddr identity (RFC 6120 §13.7.1.4). */
        public Issue xmppAddr(String jid) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(XMPP_ADDR);
            v.add(new DERTaggedObject(true, 0, new DERUTF8String(jid)));
            names.add(new GeneralName(GeneralName.otherName, new DERSequence(v)));
            return this;
        }

        /** Names an OCSP responder in the Authority Information Access extension (RFC 5280 §4.2.2.1). */
        public Issue ocspUrl(String url) {
            this.ocspUrl = url;
            return this;
        }

        /** Names a CRL distribution point (RFC 5280 §4.2.1.13). */
        public Issue crlUrl(String url) {
            this.crlUrl = url;
            return this;
        }

        public Issue key(KeyAlgorithm algorithm) {
            this.keyAlgorithm = algorithm;
            return this;
        }

        /** Reuses an existing key pair (a renewal over the same key). */
        public Issue keyPair(KeyPair existing) {
            this.keyPair = existing;
            return this;
        }

        /** Overrides the CA's signature algorithm, e.g. {@code SHA1withECDSA} for policy tests. */
        public Issue signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        public Issue validity(Instant from, Instant until) {
            this.notBefore = from;
            this.notAfter = until;
            return this;
        }

        /** Extended key usages: serverAuth and/or clientAuth (default: both). */
        public Issue extendedKeyUsage(boolean serverAuth, boolean clientAuth) {
            this.serverAuth = serverAuth;
            this.clientAuth = clientAuth;
            return this;
        }

        public IssuedCertificate build() {
            try {
                KeyPair kp = keyPair != null ? keyPair : keyAlgorithm.generate();
                X500Name subject = new X500Name("CN=" + commonName);
                X509v3CertificateBuilder b = selfSigned
                        ? new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter),
                                subject, kp.getPublic())
                        : new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                                Date.from(notAfter), subject, kp.getPublic());
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                List<KeyPurposeId> purposes = new ArrayList<>();
                if (serverAuth) {
                    purposes.add(KeyPurposeId.id_kp_serverAuth);
                }
                if (clientAuth) {
                    purposes.add(KeyPurposeId.id_kp_clientAuth);
                }
                if (!purposes.isEmpty()) {
                    b.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
                }
                if (!names.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
                }
                if (ocspUrl != null) {
                    b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
                }
                if (crlUrl != null) {
                    b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                            new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                                    GeneralName.uniformResourceIdentifier, crlUrl))), null, null)}));
                }
                if (!selfSigned) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
                }
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
                if (selfSigned) {
                    X509Certificate own = sign(b, kp, keyAlgorithm.signatureAlgorithm);
                    return new IssuedCertificate(own, kp, own);
                }
                String alg = signatureAlgorithm != null ? signatureAlgorithm : "SHA256withECDSA";
                return new IssuedCertificate(sign(b, TestCa.this.keyPair, alg), kp, certificate);
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot issue test certificate for " + commonName, e);
            }
        }
    }
}
