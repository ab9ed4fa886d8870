package dev.portcullis.console;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JSON documents the console serves under {@code /system/console/xmpp-federation/}: one list, so the
 * documents served and the ones a 404 names cannot drift apart.
 */
enum JsonDocument {
    STREAMS("streams.json", "streams.json"),
    STREAM("stream.json", "stream.json?id=…"),
    CERTIFICATES("certificates.json", "certificates.json"),
    POLICY("policy.json", "policy.json"),
    EVENTS("events.json", "events.json"),
    ATTENTION("attention.json", "attention.json");

    final String file;
    /** How an administrator requests it, for the 404 that lists the documents. */
    final String usage;

    JsonDocument(String file, String usage) {
        this.file = file;
        this.usage = usage;
    }

    static Optional<JsonDocument> named(String file) {
        return Arrays.stream(values()).filter(d -> d.file.equals(file)).findFirst();
    }

    static List<String> usages() {
        return Arrays.stream(values()).map(d -> d.usage).toList();
    }

    /** The document, or empty when {@code stream.json} names no (known) stream. */
    Optional<String> render(JsonViews json, Sources s, String id) {
        return switch (this) {
            case STREAMS -> Optional.of(json.streams(s));
            case STREAM -> id == null ? Optional.empty() : json.stream(s, id);
            case CERTIFICATES -> Optional.of(json.certificates(s));
            case POLICY -> Optional.of(json.policy(s));
            case EVENTS -> Optional.of(json.events(s));
            case ATTENTION -> Optional.of(AttentionJson.render(Attention.of(s)));
        };
    }
}
