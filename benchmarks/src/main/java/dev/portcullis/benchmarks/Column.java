package dev.portcullis.benchmarks;

/** One column of the side-by-side run: a server and, for Portcullis and the bare loop, the TLS provider asked for. */
enum Column {
    // run in this order: the bare loops first also warm up the generator's own JIT before the XMPP columns
    BARE_SUN("bare handshake loop, SunJSSE", Kind.BARE, "sun"),
    BARE_CONSCRYPT("bare handshake loop, Conscrypt", Kind.BARE, "conscrypt"),
    PROSODY("Prosody 0.12", Kind.PROSODY, null),
    PORTCULLIS_SUN("Portcullis, `provider = sun`", Kind.PORTCULLIS, "sun"),
    PORTCULLIS_CONSCRYPT("Portcullis, `provider = conscrypt`", Kind.PORTCULLIS, "conscrypt");

    enum Kind { PORTCULLIS, PROSODY, BARE }

    final String label;
    final Kind kind;
    final String provider;

    Column(String label, Kind kind, String provider) {
        this.label = label;
        this.kind = kind;
        this.provider = provider;
    }

    /** Speaks XMPP (so it has storm and idle-stream figures). */
    boolean xmpp() {
        return kind != Kind.BARE;
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
