package dev.portcullis.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandshakeFailureTest {

    @Test
    void refusedProtocolCitesRfc8996() {
        assertEquals("RFC 8996 §2, §3; RFC 9325 §3.1.1: TLS 1.1 and older are not negotiated",
                HandshakeFailure.clause("Client requested protocol TLSv1.1 is not enabled or supported in server context"));
    }

    @Test
    void noCommonSuiteCitesRfc9325Section41() {
        assertEquals("RFC 9325 §4.1: only ECDHE with AEAD suites (or the TLS 1.3 suites) are negotiated",
                HandshakeFailure.clause("no cipher suites in common"));
    }

    @Test
    void otherFailureCitesRfc9325() {
        assertEquals("RFC 9325 §3", HandshakeFailure.clause("Received fatal alert: certificate_unknown"));
    }
}
