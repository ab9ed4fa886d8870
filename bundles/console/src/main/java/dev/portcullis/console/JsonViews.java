package dev.portcullis.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.stream.StreamView;
import dev.portcullis.api.tls.PolicyDescription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The console's data as JSON for scripts ({@code /system/console/xmpp-federation/*.json}). */
final class JsonViews {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String streams(Sources s) {
        ArrayNode arr = json.createArrayNode();
        if (s.monitor() != null) {
            s.monitor().streams().forEach(x -> arr.add(stream(x)));
        }
        return write(arr);
    }

    /** One stream with its certificate chain and verification; empty if the stream is unknown. */
    Optional<String> stream(Sources s, String id) {
        if (s.monitor() == null) {
            return Optional.empty();
        }
        return s.monitor().stream(id).map(x -> {
            ObjectNode n = stream(x);
            ArrayNode chain = n.putArray("certificateChain");
            CertificateFacts.of(s.monitor().peerChain(id)).forEach(c -> chain.add(certificate(c)));
            s.monitor().verification(id).ifPresent(v -> n.set("verification", verification(v)));
            return write(n);
        });
    }

    String certificates(Sources s) {
        ArrayNode arr = json.createArrayNode();
        if (s.memory() != null) {
            for (RememberedCertificate r : s.memory().entries()) {
                ObjectNode n = arr.addObject();
                n.put("domain", r.domain());
                n.put("sha256", r.fingerprint());
                n.put("spkiSha256", r.spkiFingerprint());
                n.put("previousSha256", r.previousFingerprint());
                n.put("firstSeen", str(r.firstSeen()));
                n.put("lastSeen", str(r.lastSeen()));
                n.put("lastChanged", str(r.lastChanged()));
                n.put("lastChangeKind", r.lastChangeKind() == null ? null : r.lastChangeKind().name());
                n.put("changeProven", r.changeProven());
            }
        }
        return write(arr);
    }

    String policy(Sources s) {
        ObjectNode n = json.createObjectNode();
        if (s.policy() != null) {
            PolicyDescription d = s.policy().describe();
            n.put("profile", d.profile());
            n.put("provider", d.provider());
            d.protocols().forEach(n.putArray("protocols")::add);
            d.cipherSuites().forEach(n.putArray("cipherSuites")::add);
            ObjectNode peers = n.putObject("peerProfiles");
            d.peerProfiles().forEach(peers::put);
            d.plaintextPeers().forEach(n.putArray("plaintextPeers")::add);
        }
        return write(n);
    }

    String events(Sources s) {
        ArrayNode arr = json.createArrayNode();
        for (SecurityEvent e : s.events().recent()) {
            ObjectNode n = arr.addObject();
            n.put("received", e.received().toString());
            n.put("topic", e.topic());
            ObjectNode p = n.putObject("properties");
            e.properties().forEach(p::put);
        }
        return write(arr);
    }

    /** The same {@link StreamView} shape as {@code portcullis:streams --json}, mapped by Jackson. */
    private ObjectNode stream(StreamSecurity s) {
        return json.valueToTree(StreamView.of(s));
    }

    private ObjectNode certificate(CertificateFacts c) {
        ObjectNode n = json.createObjectNode();
        n.put("subject", c.subject());
        c.subjectAltNames().forEach(n.putArray("subjectAltNames")::add);
        n.put("issuer", c.issuer());
        n.put("notBefore", str(c.notBefore()));
        n.put("notAfter", str(c.notAfter()));
        n.put("key", c.key());
        n.put("signatureAlgorithm", c.signatureAlgorithm());
        n.put("sha256", c.sha256());
        n.put("sha1", c.sha1());
        n.put("serialNumber", c.serialNumber());
        return n;
    }

    private ObjectNode verification(Verification v) {
        ObjectNode n = json.createObjectNode();
        n.put("outcome", v.outcome().name());
        n.put("provenBy", v.provenBy());
        n.put("reason", v.reason());
        n.put("validUntil", str(v.validUntil()));
        ArrayNode results = n.putArray("prooftypes");
        for (ProofResult r : v.results()) {
            ObjectNode rn = results.addObject();
            rn.put("prooftype", r.prooftype());
            rn.put("status", r.status().name());
            rn.put("reason", r.reason());
            rn.put("spec", r.specSection());
        }
        return n;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private String write(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write console JSON", e);
        }
    }

    /** The documents a 404 lists (every {@link JsonDocument}). */
    static List<String> endpoints() {
        return JsonDocument.usages();
    }
}
