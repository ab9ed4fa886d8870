package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --json} report parses and carries the facts and the clause of each deduction. */
class JsonReportTest {
    @Test
    void jsonCarriesGradeDeductionsWithClausesAndEndpointFacts() throws Exception {
        EndpointFacts e = Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_1));
        Grader.Result g = Grader.grade(Facts.secureDns(), Facts.noPosh(), List.of(e));
        Report r = new Report("example.test", "check.portcullis.invalid", Instant.parse("2026-11-21T00:00:00Z"),
                Facts.secureDns(), Facts.noPosh(), List.of(e), g.grade(), g.deductions(), g.notes());
        JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals("C", j.get("grade").asText());
        assertEquals("RFC 8996 §5, RFC 9325 §3.1.1", j.at("/deductions/0/clauses").asText());
        assertEquals("SECURE", j.at("/dns/xmppServer/dnssec").asText());
        assertEquals("TLSv1.3", j.at("/endpoints/0/protocol").asText());
        assertEquals("MATCH", j.at("/endpoints/0/dane/status").asText());
        assertTrue(j.at("/endpoints/0/dialbackOffered").asBoolean());
        assertEquals(Probe.values().length, j.at("/endpoints/0/probes").size());
        assertEquals("ACCEPTED", j.at("/endpoints/0/probes/2/outcome").asText());
        assertEquals("TLS_1_1", j.at("/endpoints/0/probes/2/probe").asText());
        assertTrue(TextReport.render(r).contains("TLS 1.1 accepted"));
    }
}
