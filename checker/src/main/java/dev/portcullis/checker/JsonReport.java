package dev.portcullis.checker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code --json} report: every fact and every deduction with its clause, in a stable shape. */
final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static String render(Report r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("domain", r.domain());
        root.put("from", r.from());
        root.put("checkedAt", r.checkedAt().toString());
        root.put("grade", r.grade().label());
        root.put("ran", r.ran());
        ArrayNode ded = root.putArray("deductions");
        for (Deduction d : r.deductions()) {
            ObjectNode n = ded.addObject();
            n.put("finding", d.finding());
            n.put("cap", d.cap().label());
            n.put("clauses", d.clauses());
            n.put("endpoint", d.endpoint());
        }
        strings(root.putArray("notes"), r.notes());
        strings(root.putArray("advice"), r.advice());
        if (r.dns() != null) {
            ObjectNode dns = root.putObject("dns");
            dns.put("resolver", r.dns().resolver());
            srv(dns.putObject("xmppsServer"), r.dns().xmppsSrv());
            srv(dns.putObject("xmppServer"), r.dns().xmppSrv());
        } else {
            root.putNull("dns");
        }
        ObjectNode posh = root.putObject("posh");
        posh.put("status", r.posh().status().name());
        posh.put("url", r.posh().url());
        posh.put("detail", r.posh().detail());
        ArrayNode eps = root.putArray("endpoints");
        for (EndpointFacts e : r.endpoints()) {
            endpoint(eps.addObject(), e);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void srv(ObjectNode n, DnsFacts.SrvAnswer a) {
        n.put("owner", a.owner());
        n.put("dnssec", a.dnssec().name());
        strings(n.putArray("records"), a.records());
        n.put("detail", a.detail());
    }

    private static void endpoint(ObjectNode n, EndpointFacts e) {
        n.put("host", e.endpoint().host());
        n.put("port", e.endpoint().port());
        n.put("directTls", e.endpoint().directTls());
        n.put("source", e.endpoint().source());
        n.put("dnssec", e.endpoint().dnssec().name());
        n.put("address", e.address());
        n.put("reachable", e.reachable());
        n.put("error", e.error());
        if (!e.reachable()) {
            return;
        }
        n.put("startTlsOffered", e.startTlsOffered());
        n.put("startTlsRequired", e.startTlsRequired());
        n.put("protocol", e.protocol());
        n.put("cipherSuite", e.suite());
        ArrayNode probes = n.putArray("probes");
        for (ProbeResult p : e.probes()) {
            ObjectNode o = probes.addObject();
            o.put("probe", p.probe().name());
            o.put("label", p.probe().label());
            o.put("outcome", p.outcome().name());
            o.put("version", p.version());
            o.put("suite", p.suite());
            o.put("encryptThenMac", p.encryptThenMac());
            o.put("detail", p.detail());
        }
        ArrayNode chain = n.putArray("certificates");
        for (CertificateFacts c : e.chain()) {
            ObjectNode o = chain.addObject();
            o.put("subject", c.subject());
            o.put("issuer", c.issuer());
            strings(o.putArray("subjectAltNames"), c.subjectAltNames());
            o.put("notBefore", c.notBefore().toString());
            o.put("notAfter", c.notAfter().toString());
            o.put("key", c.keyDetail());
            o.put("keyBits", c.keyBits());
            o.put("signatureAlgorithm", c.signatureAlgorithm());
            o.put("sha256", c.sha256());
        }
        ObjectNode pkix = n.putObject("pkix");
        pkix.put("valid", e.pkixValid());
        pkix.put("detail", e.pkixDetail());
        ObjectNode id = n.putObject("identity");
        if (e.identity() != null) {
            id.put("matched", e.identity().matched());
            id.put("matchedBy", e.identity().matchedBy());
            strings(id.putArray("dnsIds"), e.identity().dnsIds());
            strings(id.putArray("srvIds"), e.identity().srvIds());
            strings(id.putArray("xmppAddrs"), e.identity().xmppAddrs());
        }
        ObjectNode dane = n.putObject("dane");
        dane.put("status", e.dane().status().name());
        dane.put("owner", e.dane().owner());
        strings(dane.putArray("records"), e.dane().records());
        dane.put("matched", e.dane().matched());
        dane.put("detail", e.dane().detail());
        n.put("dialbackOffered", e.dialbackOffered());
        n.put("saslExternalOffered", e.saslExternalOffered());
        n.put("afterTlsError", e.afterTlsError());
        strings(n.putArray("saslMechanisms"), e.saslMechanisms());
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
