package dev.portcullis.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Decodes one XML stream (RFC 6120 §4): one Aalto non-blocking parser per stream, fed bytes as they
 * arrive and drained until it needs more (the model is Netty's {@code XmlDecoder}). Emits the stream
 * header, each complete top-level element, and the stream's close.
 *
 * <p>Enforces RFC 6120 §11.1 (no DTD, comments, processing instructions or non-predefined entity
 * references: {@code <restricted-xml/>}), §11.6 and RFC 3629 (strict UTF-8: {@code <not-well-formed/>}),
 * UTF-8 only ({@code <unsupported-encoding/>}, §4.9.3.22), the stream element's namespace and prefix
 * (§4.8.1, §4.8.5: {@code <invalid-namespace/>}, {@code <bad-namespace-prefix/>}) and a size limit per
 * top-level element ({@code <policy-violation/>}, §13.12). Bytes after {@code </stream:stream>} are
 * ignored (§4.4: the stream is over). Not thread-safe; a new decoder is needed after each stream restart
 * (§4.3.3).
 */
public final class StreamDecoder {
    /** Deepest element nesting accepted; real stanzas stay far below, and it bounds recursion elsewhere. */
    public static final int MAX_DEPTH = 64;

    /** Receives what the decoder reads. Any method may throw to end the stream with that error. */
    public interface Handler {
        /** The peer's {@code <stream:stream>} open tag (RFC 6120 §4.7). */
        void streamOpened(StreamHeader header) throws StreamException;

        /**
         * A complete top-level element. Return {@code false} to stop decoding right after it: the bytes
         * that follow stay in the buffer given to {@link #feed} (after STARTTLS they are TLS records; after
         * SASL success they belong to a restarted stream, RFC 6120 §5.4.3.3, §6.4.6).
         */
        boolean element(Element element) throws StreamException;

        /** The peer's {@code </stream:stream>} (RFC 6120 §4.4). */
        void streamClosed() throws StreamException;
    }

    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final ByteScanner scanner;
    private final ArrayDeque<Element.Builder> stack = new ArrayDeque<>();
    private boolean streamOpen;
    private boolean closed;
    private boolean stopped;

    /** A decoder with the given per-element size limit in bytes. */
    public StreamDecoder(int maxElementBytes) {
        if (maxElementBytes < 1) {
            throw new IllegalArgumentException("maxElementBytes must be positive");
        }
        this.scanner = new ByteScanner(maxElementBytes, MAX_DEPTH + 1);
        // Aalto instantiated directly: XMLInputFactory.newFactory() finds nothing in OSGi (docs/LIBRARIES.md trap 7).
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        this.reader = factory.createAsyncForByteArray();
    }

    /** True once {@code </stream:stream>} was read; later bytes are ignored. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Decodes {@code in}. On return {@code in} is fully consumed, unless the handler stopped decoding, in
     * which case its position is just after the element that stopped it.
     *
     * @throws StreamException the stream error to send; the decoder is then unusable
     * @throws IllegalStateException if called again after the handler stopped decoding
     */
    public void feed(ByteBuffer in, Handler handler) throws StreamException {
        if (stopped) {
            throw new IllegalStateException("decoding stopped at a restart point; use a new decoder");
        }
        if (closed) {
            in.position(in.limit());
            return;
        }
        int len = in.remaining();
        if (len == 0) {
            return;
        }
        byte[] bytes;
        int off;
        if (in.hasArray()) {
            bytes = in.array();
            off = in.arrayOffset() + in.position();
        } else {
            bytes = new byte[len];
            in.duplicate().get(bytes);
            off = 0;
        }
        int end = off + len;
        int pos = off;
        try {
            // Feed the parser one top-level unit at a time, so a restart point is found at its exact byte.
            while (pos < end && !stopped && !closed) {
                int stop = scanner.scan(bytes, pos, end);
                if (stop > pos) {
                    reader.getInputFeeder().feedInput(bytes, pos, stop - pos);
                    drain(handler);
                }
                pos = stop;
                if (scanner.problem() != null && !stopped && !closed) {
                    throw new StreamException(scanner.problem(), scanner.problemText());
                }
            }
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        } catch (HandlerFailure e) {
            throw e.failure;
        } catch (RuntimeException e) {
            // Aalto parses text lazily and reports what it finds then unchecked; on some malformed input
            // (e.g. a redeclared xmlns prefix) it fails with a bare RuntimeException. Either way the peer's
            // XML is at fault, not our state.
            throw e.getCause() instanceof XMLStreamException cause ? notWellFormed(cause)
                    : new StreamException(StreamErrorCondition.NOT_WELL_FORMED, "the XML stream is not well-formed: "
                    + firstLine(e.getMessage()) + " (RFC 6120 §4.9.3.13)");
        }
        in.position(closed ? in.limit() : in.position() + (pos - off));
    }

    private void drain(Handler handler) throws XMLStreamException, StreamException {
        while (!stopped && !closed) {
            int event = reader.next();
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                return;
            }
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
                case XMLStreamConstants.START_ELEMENT -> startElement(handler);
                case XMLStreamConstants.END_ELEMENT -> endElement(handler);
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters();
                case XMLStreamConstants.COMMENT -> throw restricted("an XML comment");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("a processing instruction <?"
                        + reader.getPITarget() + "?>");
                case XMLStreamConstants.DTD -> throw restricted("a document type declaration (DTD)");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw restricted("a reference to the entity &"
                        + reader.getLocalName() + "; (only the five predefined entities are allowed)");
                case XMLStreamConstants.END_DOCUMENT -> closed = true;
                default -> throw restricted("XML event type " + event);
            }
        }
    }

    private void checkEncoding() throws StreamException {
        String enc = reader.getCharacterEncodingScheme();
        if (enc != null && !enc.equalsIgnoreCase("UTF-8")) {
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "the stream declares encoding " + enc + "; XMPP streams are UTF-8 only (RFC 6120 §11.6)");
        }
        String version = reader.getVersion();
        if (version != null && !version.equals("1.0")) {
            throw new StreamException(StreamErrorCondition.RESTRICTED_XML,
                    "the stream declares XML version " + version + "; XMPP uses XML 1.0 (RFC 6120 §11.1)");
        }
    }

    private void startElement(Handler handler) throws StreamException {
        if (!streamOpen) {
            openStream(handler);
            return;
        }
        if (stack.size() >= MAX_DEPTH) {
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "an element is nested deeper than " + MAX_DEPTH + " levels (RFC 6120 §4.9.3.14)");
        }
        Element.Builder b = Element.builder(nz(reader.getNamespaceURI()), reader.getLocalName());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            b.attribute(attributeKey(nz(reader.getAttributeNamespace(i)), reader.getAttributeLocalName(i)),
                    reader.getAttributeValue(i));
        }
        stack.push(b);
    }

    private void openStream(Handler handler) throws StreamException {
        String ns = nz(reader.getNamespaceURI());
        if (!Namespaces.STREAMS.equals(ns) || !"stream".equals(reader.getLocalName())) {
            throw new StreamException(StreamErrorCondition.INVALID_NAMESPACE, "the stream element must be <stream> in "
                    + "namespace " + Namespaces.STREAMS + ", not <" + reader.getLocalName() + "> in '" + ns
                    + "' (RFC 6120 §4.8.1)");
        }
        if (!"stream".equals(reader.getPrefix())) {
            throw new StreamException(StreamErrorCondition.BAD_NAMESPACE_PREFIX, "the stream namespace must use "
                    + "the prefix 'stream', not '" + nz(reader.getPrefix()) + "' (RFC 6120 §4.8.5)");
        }
        Map<String, String> prefixes = new HashMap<>();
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String p = reader.getNamespacePrefix(i);
            if (p != null && !p.isEmpty()) {
                prefixes.put(p, nz(reader.getNamespaceURI(i)));
            }
        }
        String from = null;
        String to = null;
        String id = null;
        String version = null;
        String lang = null;
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String ans = nz(reader.getAttributeNamespace(i));
            String name = reader.getAttributeLocalName(i);
            String value = requireChars(reader.getAttributeValue(i), "the stream header's attribute");
            if (XMLConstants.XML_NS_URI.equals(ans) && name.equals("lang")) {
                lang = value;
            } else if (ans.isEmpty()) {
                switch (name) {
                    case "from" -> from = value;
                    case "to" -> to = value;
                    case "id" -> id = value;
                    case "version" -> version = value;
                    default -> { } // RFC 6120 §4.7: unknown attributes are ignored
                }
            }
        }
        streamOpen = true;
        StreamHeader header = new StreamHeader(from, to, id, version, lang, nz(reader.getNamespaceURI("")), prefixes);
        try {
            handler.streamOpened(header);
        } catch (RuntimeException e) {
            throw new HandlerFailure(e);
        }
    }

    private void endElement(Handler handler) throws StreamException {
        if (stack.isEmpty()) {
            closed = true;
            try {
                handler.streamClosed();
            } catch (RuntimeException e) {
                throw new HandlerFailure(e);
            }
            return;
        }
        Element e = stack.pop().build();
        if (!stack.isEmpty()) {
            stack.peek().child(e);
            return;
        }
        boolean goOn;
        try {
            goOn = handler.element(e);
        } catch (RuntimeException failure) {
            throw new HandlerFailure(failure);
        }
        if (!goOn) {
            stopped = true;
        }
    }

    private void characters() throws StreamException {
        String text = reader.getText();
        if (!stack.isEmpty()) {
            stack.peek().text(text);
        } else if (!text.isBlank()) {
            throw new StreamException(StreamErrorCondition.BAD_FORMAT, "text outside any stanza: only white space may "
                    + "appear between top-level elements (RFC 6120 §4.9.3.1)");
        }
    }





    /** Carries a handler's own unchecked failure past the catch that maps parser failures. */
    private static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final RuntimeException failure;

        HandlerFailure(RuntimeException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private static StreamException notWellFormed(XMLStreamException e) {
        return new StreamException(StreamErrorCondition.NOT_WELL_FORMED,
                "the XML stream is not well-formed: " + firstLine(e.getMessage()) + " (RFC 6120 §4.9.3.13)");
    }

    /**
     * Aalto lets through characters XML 1.0 forbids (U+FFFE, U+FFFF); the {@link Element} builder refuses them
     * in stanzas, and the stream header, which is no Element, is checked here (RFC 6120 §11.6, §4.9.3.13).
     */
    private static String requireChars(String value, String where) throws StreamException {
        try {
            return value == null ? null : XmlChars.requireText(value);
        } catch (IllegalArgumentException e) {
            throw new StreamException(StreamErrorCondition.NOT_WELL_FORMED, "the XML stream is not well-formed: "
                    + where + " has a " + e.getMessage() + " (RFC 6120 §4.9.3.13)");
        }
    }

    private static StreamException restricted(String what) {
        return new StreamException(StreamErrorCondition.RESTRICTED_XML,
                "the stream contains " + what + ", which XMPP forbids (RFC 6120 §11.1)");
    }

    private static String attributeKey(String ns, String local) {
        if (ns.isEmpty()) {
            return local;
        }
        return XMLConstants.XML_NS_URI.equals(ns) ? "xml:" + local : "{" + ns + "}" + local;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
