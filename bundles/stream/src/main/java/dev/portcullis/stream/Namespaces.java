package dev.portcullis.stream;

/** The XML namespaces of an s2s stream and its negotiations. */
public final class Namespaces {
    /** The stream namespace, bound to prefix {@code stream} (RFC 6120 §4.8.1, §4.8.5). */
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    /** The content namespace of server-to-server streams (RFC 6120 §4.8.3). */
    public static final String SERVER = "jabber:server";
    /** The client content namespace, never valid on a server-to-server stream (RFC 6120 §4.8.3). */
    public static final String CLIENT = "jabber:client";
    /** STARTTLS negotiation (RFC 6120 §5.4). */
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    /** SASL negotiation (RFC 6120 §6.4). */
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** Server Dialback elements, bound to prefix {@code db} (XEP-0220 §2). */
    public static final String DIALBACK = "jabber:server:dialback";
    /** The dialback stream feature (XEP-0220 §2.4.2, with {@code <errors/>}). */
    public static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    /** The xml: prefix's namespace (XML Namespaces §3). */
    public static final String XML = "http://www.w3.org/XML/1998/namespace";

    private Namespaces() {
    }
}
