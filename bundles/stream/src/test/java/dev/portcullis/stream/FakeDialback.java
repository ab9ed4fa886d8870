package dev.portcullis.stream;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake {@link Dialback} (the real one is tested in dialback-bundle): XEP-0185 §3 keys from a secret;
 * the receiving role asks {@link #authoritative} (the originating server's fake, or a function that
 * sends a real db:verify through an outbound session).
 */
final class FakeDialback implements Dialback {
    private final byte[] secret;
    Function<VerifyQuery, CompletionStage<DialbackOutcome>> authoritative;
    boolean permit = true;
    final List<DialbackContext> permitsAsked = new ArrayList<>();
    /** When set, the dev.portcullis.dialback rule for a piggybacked domain beside a proven certificate. */
    boolean fallbackMode;
    int verifiesAnswered;

    FakeDialback(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public DialbackDecision permits(DialbackContext context) {
        permitsAsked.add(context);
        var cert = context.certificate();
        if (fallbackMode && context.direction() == dev.portcullis.api.Direction.INBOUND && cert != null
                && cert.verified() && !cert.peerDomain().equals(context.originatingDomain())) {
            // mode = fallback: dialback only where no certificate was proven (RFC 7712 §4.3)
            return new DialbackDecision(false, "mode=fallback: the certificate was proven for " + cert.peerDomain(),
                    "RFC 7712 §4.4.1");
        }
        return new DialbackDecision(permit, permit ? "test permits dialback" : "mode=never for "
                + context.originatingDomain(), "XEP-0344 §2");
    }

    @Override
    public String key(String receivingDomain, String originatingDomain, String streamId) {
        try {
            // XEP-0185 §3: HMAC-SHA256(SHA256(secret), receiving ' ' originating ' ' id), hex
            byte[] k = java.security.MessageDigest.getInstance("SHA-256").digest(secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().formatHex(k).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((receivingDomain + " " + originatingDomain + " " + streamId)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletionStage<DialbackOutcome> receiveResult(DialbackContext context, String key) {
        if (authoritative == null) {
            return CompletableFuture.completedFuture(new DialbackOutcome(DialbackResultType.ERROR,
                    DialbackError.REMOTE_SERVER_NOT_FOUND, "no authoritative server in this test", false));
        }
        return authoritative.apply(new VerifyQuery(context.receivingDomain(), context.originatingDomain(),
                context.streamId(), key));
    }

    @Override
    public DialbackOutcome answerVerify(String receivingDomain, String originatingDomain, String streamId, String key) {
        verifiesAnswered++;
        boolean ok = key(receivingDomain, originatingDomain, streamId).equals(key);
        return new DialbackOutcome(ok ? DialbackResultType.VALID : DialbackResultType.INVALID, null,
                ok ? "key matches" : "key does not match", false);
    }

    /** An authoritative function that asks {@code origin} directly (the originating server's own fake). */
    static Function<VerifyQuery, CompletionStage<DialbackOutcome>> askDirectly(FakeDialback origin) {
        return q -> CompletableFuture.completedFuture(origin.answerVerify(q.receivingDomain(), q.authoritativeDomain(),
                q.streamId(), q.key()));
    }
}
