package dev.portcullis.dialback;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The authoritative role (XEP-0220 §2.2.2): answers an incoming {@code db:verify} by recomputing the key from
 * its {@code from}, {@code to} and {@code id} (XEP-0185 §2) with the current secret, then with the previous one
 * during its grace period. Stateless and cheap: no round trip, nothing remembered per request.
 */
final class AuthoritativeRole {

    private final Supplier<DialbackSettings> settings;
    private final Supplier<KeyRing> keyRing;
    private final Clock clock;
    private final DialbackAudit audit;

    AuthoritativeRole(Supplier<DialbackSettings> settings, Supplier<KeyRing> keyRing, Clock clock, DialbackAudit audit) {
        this.settings = settings;
        this.keyRing = keyRing;
        this.clock = clock;
        this.audit = audit;
    }

    DialbackOutcome answerVerify(String receivingDomain, String originatingDomain, String streamId, String key) {
        String asker = receivingDomain == null ? "(no from)" : receivingDomain;
        String about = "the db:verify from " + asker + " about " + originatingDomain + " on stream " + streamId;
        if (receivingDomain == null || originatingDomain == null || streamId == null || streamId.isBlank()
                || key == null || key.isBlank() || key.length() > ReceivingRole.MAX_KEY_LENGTH) {
            String reason = about + " lacks a from, to, id or key, or its key is over "
                    + ReceivingRole.MAX_KEY_LENGTH + " characters";
            audit.invalidKey(asker, String.valueOf(streamId), reason, "XEP-0220 §2.1.2");
            return new DialbackOutcome(DialbackResultType.INVALID, null, reason, false);
        }
        DialbackSettings s = settings.get();
        if (!s.hostedDomains().isEmpty() && s.hostedDomains().match(originatingDomain) == null) {
            String reason = about + " asks for " + originatingDomain + ", which is not one of our hosted-domains ("
                    + s.hostedDomains() + ")";
            audit.refused(reason, "XEP-0220 §2.2.2, §2.5 (item-not-found)");
            return new DialbackOutcome(DialbackResultType.ERROR, DialbackError.ITEM_NOT_FOUND, reason, false);
        }
        KeyRing ring = keyRing.get();
        return switch (ring.check(key, receivingDomain, originatingDomain, streamId, clock.instant())) {
            case CURRENT -> {
                String reason = "confirmed the key in " + about;
                audit.verified(reason + " (XEP-0220 §2.2.2)");
                yield new DialbackOutcome(DialbackResultType.VALID, null, reason, false);
            }
            case PREVIOUS -> {
                String reason = "confirmed the key in " + about + " with the previous secret, accepted until "
                        + ring.previousUntil() + " (secret.previous.grace)";
                audit.verified(reason + " (XEP-0220 §2.2.2)");
                yield new DialbackOutcome(DialbackResultType.VALID, null, reason, false);
            }
            case NONE -> {
                String reason = "the key in " + about + " was not made with our secret"
                        + (ring.previous() != null ? " nor with the previous one" : "")
                        + ": forged, copied from another stream, or made with a secret retired more than "
                        + "secret.previous.grace ago (if several hosts serve " + originatingDomain
                        + ", they must share one secret)";
                audit.invalidKey(receivingDomain, streamId, reason, "XEP-0220 §2.2.2, XEP-0185 §2");
                yield new DialbackOutcome(DialbackResultType.INVALID, null, reason, false);
            }
        };
    }
}
