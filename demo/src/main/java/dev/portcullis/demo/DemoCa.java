package dev.portcullis.demo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
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
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's certificate authority, generated at start with Bouncy Castle (ECDSA P-256). It issues XMPP server
 * certificates naming their domain as DNS-ID and XmppAddr (RFC 6120 §13.7.1.2), usable as TLS server and client
 * certificates (both directions of s2s, XEP-0178). {@link #selfSigned} makes the certificates no CA vouches for,
 * which only DANE or dialback can then authenticate.
 */
final class DemoCa {
    /** id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    private static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");

    private final KeyPair key;
    private final X509Certificate certificate;

    private DemoCa(KeyPair key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new root CA named {@code name}, valid for a day. */
    static DemoCa create(String name, Instant now) throws GeneralSecurityException {
        KeyPair kp = newKey();
        X500Name subject = new X500Name("CN=" + name + ",O=Portcullis demo");
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
            return new DemoCa(kp, sign(b, kp));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build the demo CA certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A certificate for an XMPP server naming {@code names} (DNS-ID and XmppAddr each), signed by this CA. */
    Credential issue(List<String> names) throws GeneralSecurityException {
        KeyPair kp = newKey();
        return new Credential(build(names, kp, certificate, key), kp, certificate);
    }

    /** A self-signed certificate naming {@code names}: PKIX proves nothing with it. */
    static Credential selfSigned(List<String> names) throws GeneralSecurityException {
        KeyPair kp = newKey();
        return new Credential(build(names, kp, null, kp), kp, null);
    }

    static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static X509Certificate build(List<String> names, KeyPair subjectKey, X509Certificate issuer,
                                         KeyPair issuerKey) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + names.get(0));
        X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, subjectKey.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(XMPP_ADDR);
                v.add(new DERTaggedObject(true, 0, new DERUTF8String(n)));
                sans.add(new GeneralName(GeneralName.otherName, new DERSequence(v)));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
            }
            return sign(b, issuerKey);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build a certificate for " + names, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign", e);
        }
    }

    /** PEM of a certificate, key or other object Bouncy Castle can write. */
    static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the CA certificate as PEM: the file the hosts trust ({@code pkix.trust-files}). */
    Path writeCertificate(Path file) throws IOException {
        Files.writeString(file, pem(certificate));
        return file;
    }

    /**
     * An end-entity certificate, its key and its issuer ({@code null} when self-signed).
     */
    record Credential(X509Certificate certificate, KeyPair keyPair, X509Certificate issuer) {
        List<X509Certificate> chain() {
            return issuer == null ? List.of(certificate) : List.of(certificate, issuer);
        }

        /** Writes {@code <name>.crt} (chain) and {@code <name>.key} (PKCS#8), as a host's domain config reads them. */
        Path[] writePem(Path dir, String name) throws IOException {
            Files.createDirectories(dir);
            Path crt = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            StringBuilder chain = new StringBuilder();
            for (X509Certificate c : chain()) {
                chain.append(pem(c));
            }
            Files.writeString(crt, chain);
            try {
                Files.writeString(key, pem(new JcaPKCS8Generator(keyPair.getPrivate(), null)));
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IOException("cannot write the key of " + name, e);
            }
            return new Path[] {crt, key};
        }
    }
}
