package dev.portcullis.dialback;

import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that every node of the domain makes dialback keys from the same secret, without revealing it: each node
 * writes HMAC-SHA-256(secret, {@value #TEXT}) under its name in namespace {@value #NAMESPACE} and compares with the
 * others'. The secret itself never leaves the node (XEP-0185 §2 note 3: its creation MUST NOT require a third party
 * such as a database). A node whose HMAC differs from the majority of the others logs an ERROR naming its secret's
 * source; a node that agrees with the majority names the node that differs.
 */
final class SecretAgreement implements StoreListener {
    static final String NAMESPACE = "dialback-secret-check";
    static final String TEXT = "portcullis dialback secret agreement v1";
    private static final Logger LOG = LoggerFactory.getLogger(SecretAgreement.class);

    private final SharedStore store;
    private final Supplier<KeyRing> keyRing;
    private final Supplier<String> secretSource;
    private final Map<String, String> others = new HashMap<>();
    private final AutoCloseable subscription;
    private String reported = "";

    SecretAgreement(SharedStore store, Supplier<KeyRing> keyRing, Supplier<String> secretSource) {
        this.store = store;
        this.keyRing = keyRing;
        this.secretSource = secretSource;
        publish();
        this.subscription = store.subscribe(NAMESPACE, this);
    }

    static String hmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(TEXT.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** "current [previous]": the HMACs of the secret making keys and, during a rotation, of the one still accepted. */
    private String mine() {
        KeyRing ring = keyRing.get();
        return hmac(ring.current()) + (ring.previous() != null && ring.previousAccepted(java.time.Instant.now())
                ? " " + hmac(ring.previous()) : "");
    }

    /** After start and after every change of the secret. */
    void publish() {
        store.put(NAMESPACE, store.node(), mine(), null).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("could not publish the dialback secret check: {}", e.getMessage());
            }
        });
        synchronized (this) {
            check();
        }
    }

    void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing", e);
        }
    }

    @Override
    public synchronized void reloaded(Map<String, StoredEntry> entries) {
        others.clear();
        entries.forEach((node, e) -> {
            if (!node.equals(store.node())) {
                others.put(node, e.value());
            }
        });
        check();
        if (!entries.containsKey(store.node())) {
            publish();
        }
    }

    @Override
    public synchronized void changed(String node, Optional<StoredEntry> entry) {
        if (entry.isPresent()) {
            others.put(node, entry.get().value());
        } else {
            others.remove(node);
        }
        check();
    }

    private void check() {
        String[] me = mine().split(" ");
        String mine = me[0];
        Map<String, Integer> votes = new TreeMap<>();
        TreeMap<String, String> differing = new TreeMap<>();
        TreeMap<String, String> rotating = new TreeMap<>();
        others.forEach((node, value) -> {
            String[] them = value.split(" ");
            votes.merge(them[0], 1, Integer::sum);
            if (them[0].equals(mine)) {
                return;
            }
            // still a mismatch (keys made from the new secret verify invalid where it is unknown), but say that it
            // looks like a rotation half done: one side makes keys from the secret the other only still accepts
            differing.put(node, them[0]);
            if (me.length > 1 && me[1].equals(them[0]) || them.length > 1 && them[1].equals(mine)) {
                rotating.put(node, them[0]);
            }
        });
        String state = mine + differing + rotating;
        if (state.equals(reported)) {
            return;
        }
        reported = state;
        if (differing.isEmpty()) {
            return;
        }
        String rotation = rotating.isEmpty() ? "" : " (this looks like a rotation half done with " + rotating.keySet()
                + ": one side makes keys from the secret the other only accepts as the previous one; put the same "
                + "`secret` and `secret.previous` on every node)";
        int agreeing = others.size() - differing.size();
        int largestOther = votes.entrySet().stream().filter(v -> !v.getKey().equals(mine))
                .mapToInt(Map.Entry::getValue).max().orElse(0);
        // this node is the odd one when another secret has at least as many holders as ours (this node included)
        if (largestOther >= agreeing + 1) {
            LOG.error("This node ({}) makes dialback keys from a different secret than node(s) {} of this domain, so "
                    + "a db:verify for a key this node sent that reaches another node is answered invalid (XEP-0185 §2). "
                    + "The secret in force here is {}: set the same `secret` (and `secret.previous` during a rotation) "
                    + "on every node, then save the file{}", store.node(), differing.keySet(), secretSource.get(), rotation);
        } else {
            LOG.error("Node(s) {} make dialback keys from a different secret than this node ({}) and the others agreeing "
                    + "with it; keys they send verify invalid here (XEP-0185 §2). Fix `secret` in "
                    + "etc/dev.portcullis.dialback.cfg on {}{}", differing.keySet(), store.node(), differing.keySet(), rotation);
        }
    }
}
