package dev.portcullis.dna.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading presented identifiers out of real certificates with Bouncy Castle (RFC 6125 §6.4, RFC 6120 §13.7.1.4). */
class PresentedIdentifiersTest {
    private static final TestCa CA = TestCa.create("Presented identifiers CA");

    @Test
    @DisplayName("RFC 6120 §13.7.1.2: DNS-IDs, SRV-IDs (id-on-dnsSRV) and XmppAddrs (id-on-xmppAddr) are read")
    void readsEveryIdentifierTypeRfc6120Section13712() {
        PresentedIdentifiers p = PresentedIdentifiers.of(CA.issue("cn.test").dnsName("a.test")
                .srvName("_xmpp-server.a.test").xmppAddr("bücher.test").build().certificate());
        assertEquals(List.of("a.test"), p.dnsIds());
        assertEquals(List.of("_xmpp-server.a.test"), p.srvIds());
        assertEquals(List.of("bücher.test"), p.xmppAddrs());
        assertEquals(List.of("cn.test"), p.commonNames());
        assertTrue(p.hasSubjectAltName());
        assertEquals("DNS:a.test, SRV:_xmpp-server.a.test, XmppAddr:bücher.test", p.describe());
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.4, RFC 4985 §2: an otherName of the wrong ASN.1 type or unknown OID names nothing")
    void otherNamesOfTheWrongTypeAreIgnoredRfc6120Section13714() throws Exception {
        X509Certificate c = withSubjectAltName("x", new GeneralNames(new GeneralName[] {
            otherName(PresentedIdentifiers.ID_ON_XMPPADDR, new DERIA5String("a.test")), // must be a UTF8String
            otherName(PresentedIdentifiers.ID_ON_DNSSRV, new DERUTF8String("_xmpp-server.a.test")), // an IA5String
            otherName(PresentedIdentifiers.ID_ON_XMPPADDR, new ASN1Integer(7)),
            otherName(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.99"), new DERUTF8String("a.test")),
        }).getEncoded());
        PresentedIdentifiers p = PresentedIdentifiers.of(c);
        assertEquals(List.of(), p.xmppAddrs());
        assertEquals(List.of(), p.srvIds());
        assertEquals("no usable identity", p.describe());
        assertFalse(NameMatcher.match(p, "a.test", List.of()).isPresent());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.4: a malformed subjectAltName names nothing and still rules out the CN")
    void malformedSubjectAltNameNamesNothingRfc6125Section644() throws Exception {
        // a SEQUENCE holding an INTEGER: well-formed DER, but no GeneralNames
        X509Certificate c = withSubjectAltName("a.test", new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
        PresentedIdentifiers p = PresentedIdentifiers.of(c);
        assertTrue(p.hasSubjectAltName());
        assertEquals("no usable identity", p.describe());
        assertFalse(NameMatcher.match(p, "a.test", List.of()).isPresent());
    }

    private static GeneralName otherName(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new GeneralName(GeneralName.otherName, new OtherName(type, value));
    }

    private static X509Certificate withSubjectAltName(String cn, byte[] sanDer) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(CA.certificate(), BigInteger.valueOf(now
                .toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                new X500Name("CN=" + cn), kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, sanDer);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.keyPair().getPrivate())));
    }
}
