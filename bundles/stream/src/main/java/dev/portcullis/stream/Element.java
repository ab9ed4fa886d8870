package dev.portcullis.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element: a stanza, a negotiation element ({@code starttls}, {@code auth}…) or a
 * dialback element ({@code db:result}, {@code db:verify}).
 *
 * <p>Attribute names are the unprefixed local name for attributes in no namespace, {@code xml:lang}
 * style for the XML namespace, and Clark notation {@code {uri}local} for any other namespace. Content is
 * kept in document order (text and child elements, mixed content allowed); {@link #text()} joins the
 * element's own text nodes. Text and attribute values must consist of characters XML 1.0 allows
 * (RFC 6120 §11.6); the builder refuses anything else, so every {@code Element} can be encoded.
 */
public final class Element {
    private final String namespace;
    private final String name;
    private final Map<String, String> attributes;
    private final List<Object> content;

    private Element(Builder b) {
        this.namespace = b.namespace;
        this.name = b.name;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.content = List.copyOf(b.content);
    }

    /** Starts an element in {@code namespace} (may be empty for no namespace) named {@code name}. */
    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    /** A builder initialised with this element's namespace, name, attributes and content. */
    public Builder toBuilder() {
        Builder b = new Builder(namespace, name);
        b.attributes.putAll(attributes);
        b.content.addAll(content);
        return b;
    }

    /** The namespace URI; empty for no namespace. */
    public String namespace() {
        return namespace;
    }

    /** The local name. */
    public String name() {
        return name;
    }

    /** True when this element is {@code name} in {@code namespace}. */
    public boolean is(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }

    /** All attributes in document order, keyed as described in the class comment. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The attribute's value, or {@code null} when absent. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The child elements in document order. */
    public List<Element> children() {
        List<Element> out = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element {@code name} in {@code namespace}, or {@code null}. */
    public Element child(String namespace, String name) {
        for (Object o : content) {
            if (o instanceof Element e && e.is(namespace, name)) {
                return e;
            }
        }
        return null;
    }

    /** Text and child elements in document order: each item a {@link String} or an {@link Element}. */
    public List<Object> content() {
        return content;
    }

    /** This element's own text (not its children's), joined; empty when there is none. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Object o : content) {
            if (o instanceof String s) {
                sb.append(s);
            }
        }
        return sb.toString();
    }

    /** Self-contained XML for this element, declaring its namespace; text and attributes escaped. */
    public String toXml() {
        return XmlWriter.write(this, null, Map.of());
    }

    /**
     * XML for this element inside a stream whose default namespace is {@code defaultNamespace} and whose
     * header declared {@code prefixes} (namespace URI → prefix, e.g. {@code jabber:server:dialback → db}):
     * no {@code xmlns} is repeated that the context already declares.
     */
    public String toXml(String defaultNamespace, Map<String, String> prefixes) {
        return XmlWriter.write(this, defaultNamespace, prefixes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e && namespace.equals(e.namespace) && name.equals(e.name)
                && attributes.equals(e.attributes) && content.equals(e.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, attributes, content);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Builds an {@link Element}; validates names and characters as they are added. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Object> content = new ArrayList<>();

        private Builder(String namespace, String name) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            this.name = XmlChars.requireName(name);
        }

        /** Sets an attribute; a {@code null} value removes it. */
        public Builder attribute(String name, String value) {
            XmlChars.requireAttributeName(name);
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, XmlChars.requireText(value));
            }
            return this;
        }

        /** Appends a child element. */
        public Builder child(Element child) {
            content.add(Objects.requireNonNull(child, "child"));
            return this;
        }

        /** Appends text (joined with adjacent text). */
        public Builder text(String text) {
            XmlChars.requireText(text);
            if (text.isEmpty()) {
                return this;
            }
            int last = content.size() - 1;
            if (last >= 0 && content.get(last) instanceof String s) {
                content.set(last, s + text);
            } else {
                content.add(text);
            }
            return this;
        }

        /** The immutable element. */
        public Element build() {
            return new Element(this);
        }
    }
}
