package dev.portcullis.stream;

import java.util.Map;
import java.util.Objects;

/**
 * The attributes of a {@code <stream:stream>} open tag (RFC 6120 §4.7), as the decoder read them.
 *
 * @param from             {@code from} (RFC 6120 §4.7.1), or {@code null}
 * @param to               {@code to} (§4.7.2), or {@code null}
 * @param id               {@code id} (§4.7.3), or {@code null} (an initial stream header has none)
 * @param version          {@code version} (§4.7.5), or {@code null} when absent (meaning "0.9")
 * @param lang             {@code xml:lang} (§4.7.4), or {@code null}
 * @param contentNamespace the default (content) namespace, {@code jabber:server} for s2s (§4.8.2)
 * @param prefixes         every namespace prefix the header declares (prefix → URI), e.g.
 *                         {@code stream → http://etherx.jabber.org/streams}, {@code db → jabber:server:dialback}
 */
public record StreamHeader(String from, String to, String id, String version, String lang, String contentNamespace,
                           Map<String, String> prefixes) {
    public StreamHeader {
        Objects.requireNonNull(contentNamespace, "contentNamespace");
        prefixes = Map.copyOf(prefixes);
    }

    /** True when the header declares the dialback prefix (XEP-0220 §2.1.1, §2.5). */
    public boolean declaresDialback() {
        return Namespaces.DIALBACK.equals(prefixes.get("db"));
    }
}
