package dev.portcullis.console;

/** The few styles the page adds to the Web Console's own: a change warning must stand out. */
final class Styles {
    static final String CSS = "<style>"
            + ".pc table{margin-bottom:1em;border-collapse:collapse}"
            + ".pc td,.pc th{padding:2px 6px;vertical-align:top;text-align:left}"
            + ".pc code{font-size:85%;word-break:break-all}"
            + ".pc tr.pc-warning td{background:#ffd2d2;color:#700}"
            + ".pc tr.pc-plaintext td{background:#fff0c0}"
            + ".pc .pc-banner{background:#ffd2d2;color:#700;border:2px solid #c00;padding:6px;font-weight:bold}"
            + ".pc .pc-missing{color:#a60}"
            + ".pc a{color:#1a5fb4;text-decoration:underline}"
            + ".pc h2{margin:1.2em 0 .4em;font-size:1.25em;font-weight:bold}"
            + ".pc h3{margin:1em 0 .3em;font-size:1.1em;font-weight:bold}"
            + "</style>";

    private Styles() {
    }
}
