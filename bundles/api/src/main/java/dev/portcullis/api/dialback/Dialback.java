package dev.portcullis.api.dialback;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Server Dialback in all three roles of XEP-0220 §2 (originating, receiving, authoritative).
 */
@ProviderType
public interface Dialback {

    /**
     * Whether dialback may authenticate this domain pair on this stream, under the configured
     * {@code mode} and per-domain overrides; both directions ask before sending or accepting a
     * {@code db:result}. Dialback never runs on a stream without TLS unless the TLS policy permits
     * plaintext for the peer (XEP-0344 §2, RFC 7590 §3.1).
     */
    DialbackDecision permits(DialbackContext context);

    /**
     * Originating role (XEP-0220 §2.1.1): the key to send in {@code <db:result/>}, computed per
     * XEP-0185 §3 from the shared secret, the receiving and originating domains and the stream ID the
     * receiving server gave us.
     */
    String key(String receivingDomain, String originatingDomain, String streamId);

    /**
     * Receiving role (XEP-0220 §2.2.1, §2.1.2): judge an incoming {@code <db:result/>}. Takes the XEP-0344
     * shortcut when the stream's certificate is proven for the originating domain; otherwise asks the
     * authoritative server through {@link OutboundStreams} with {@code <db:verify/>}. Rate-limited per
     * stream; times out with {@link DialbackError#REMOTE_SERVER_TIMEOUT}. Never completes exceptionally.
     */
    CompletionStage<DialbackOutcome> receiveResult(DialbackContext context, String key);

    /**
     * Authoritative role (XEP-0220 §2.2.2): answer an incoming {@code <db:verify/>} by recomputing
     * the key (current secret, then the previous one during its grace period).
     *
     * @param receivingDomain  the verify's {@code from}: the server that received the db:result
     * @param originatingDomain the verify's {@code to}: our domain, whose key is being checked
     * @param streamId          the verify's {@code id}
     * @param key               the key to check
     */
    DialbackOutcome answerVerify(String receivingDomain, String originatingDomain, String streamId, String key);
}
