package dev.portcullis.api.dialback;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by the host: reach a peer's authoritative server over an s2s stream (opening one or
 * reusing one) and exchange one {@code db:verify} (XEP-0220 §2.1.2). Stream state stays in the host.
 */
@ConsumerType
public interface OutboundStreams {

    /**
     * Sends the query and completes with the answer; completes with an ERROR answer (never
     * exceptionally) when the server cannot be found or reached. The dialback bundle applies its own
     * timeout on top.
     *
     * <p>The host completes the stage only with a {@code db:verify} answer whose {@code from}, {@code to}
     * and {@code id} correlate to this query, received on the stream the query was sent on (XEP-0220
     * §2.1.2); any other {@code db:verify} answer is unsolicited and dropped (XEP-0220 §3.1). If the stream
     * closes with the query pending, it completes with {@link DialbackError#REMOTE_SERVER_TIMEOUT} (XEP-0220
     * §2.1.2 note, §2.5).
     */
    CompletionStage<VerifyAnswer> verify(VerifyQuery query);

    /**
     * XEP-0344 §2.6 ("Same Certificate shortcut"): the end-entity certificate that the authoritative
     * server for {@code authoritativeDomain} presented as TLS server on the host's open outbound stream from
     * {@code receivingDomain} (located through the host's {@link dev.portcullis.api.dna.PeerLocator},
     * DNSSEC-secured where the zone is signed; a host need not open a stream just for this). When it is the
     * same certificate the initiating server presented and it names the sender domain, the dialback bundle
     * answers without a {@code db:verify} round trip. Completes with empty when there is no TLS stream to
     * that server or the host does not offer this; never exceptionally. The dialback bundle applies its own
     * timeout on top.
     *
     * <p>The default offers nothing, so the bundle falls back to the {@code db:verify} round trip
     * (XEP-0220 §2.1.2).
     */
    default CompletionStage<Optional<X509Certificate>> authoritativeCertificate(String receivingDomain,
                                                                               String authoritativeDomain) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
