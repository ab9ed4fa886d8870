package dev.portcullis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LabelValuesTest {

    @Test
    @DisplayName("TLS protocol and prooftype labels take only known values (bounded cardinality)")
    void bounded() {
        assertEquals("TLSv1.3", LabelValues.tls(true, "TLSv1.3"));
        assertEquals("none", LabelValues.tls(false, "TLSv1.3"));
        assertEquals("other", LabelValues.tls(true, "SSLv3"));
        assertEquals("pkix", LabelValues.prooftype("pkix"));
        assertEquals("none", LabelValues.prooftype(null));
        assertEquals("other", LabelValues.prooftype("evil\"}"));
        assertEquals("XEP-0220 §2.2", LabelValues.clause("XEP-0220 §2.2"));
        assertEquals("other", LabelValues.clause("RFC 6120 §4.9.3.13 and peer text"));
        assertEquals("other", LabelValues.clause(null));
    }
}
