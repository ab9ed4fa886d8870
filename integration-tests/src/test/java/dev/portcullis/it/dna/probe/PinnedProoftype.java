package dev.portcullis.it.dna.probe;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A third party's prooftype (RFC 7712 §7: "other prooftypes are possible"), built into its own bundle at test
 * time: it proves a peer whose end-entity certificate has the SHA-256 fingerprint configured in
 * {@code etc/dev.portcullis.it.pinned.cfg} ({@code sha256 = AA:BB:…}).
 */
@Component(service = Prooftype.class, configurationPid = PinnedProoftype.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Prooftype.NAME_PROPERTY + "=" + PinnedProoftype.NAME, "service.ranking:Integer=10"})
public final class PinnedProoftype implements Prooftype {
    static final String PID = "dev.portcullis.it.pinned";
    static final String NAME = "pinned";
    private static final Logger LOG = LoggerFactory.getLogger(PinnedProoftype.class);

    private final String pin;

    @Activate
    public PinnedProoftype(Map<String, Object> properties) {
        this.pin = String.valueOf(properties.get("sha256")).trim().toUpperCase();
        LOG.info("Pinned prooftype active for {}", pin);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<ProofResult> prove(VerificationRequest request) {
        try {
            if (request.chain().isEmpty()) {
                return done(ProofStatus.NOT_APPLICABLE, "no certificate");
            }
            String fp = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.chain().get(0).getEncoded()));
            return fp.equals(pin) ? done(ProofStatus.PROVEN, "the certificate of " + request.peerDomain()
                    + " is pinned") : done(ProofStatus.NOT_APPLICABLE, "not the pinned certificate");
        } catch (Exception e) {
            return done(ProofStatus.ERROR, e.toString());
        }
    }

    private static CompletionStage<ProofResult> done(ProofStatus status, String reason) {
        return CompletableFuture.completedFuture(new ProofResult(NAME, status, reason, "RFC 7712 §7",
                Instant.now().plusSeconds(60)));
    }
}
