package dev.portcullis.console;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The top of the XMPP Federation page: what needs attention. Counts and problem rows are written here, every
 * peer-controlled value escaped by {@link Html}; the chart is drawn in the browser by {@code attention.js}
 * (served by this bundle, no inline script, no CDN) from {@code attention.json}.
 */
final class AttentionSection {
    private AttentionSection() {
    }

    static void render(PrintWriter w, Attention a, String pluginRoot) {
        w.println("<h2>What needs attention</h2>");
        w.println("<div id='pc-attention'>");
        counts(w, a);
        window(w, a.hour(), "the last hour");
        window(w, a.day(), "the last day");
        w.println("<h3>Negotiations and failures, last " + Attention.CHART_MINUTES + " minutes</h3>");
        w.println("<div id='pc-chart' data-source='" + Html.text(pluginRoot + "/attention.json") + "'>"
                + "<p class='pc-chart-status'>Loading the chart…</p></div>");
        w.println("<script src='" + Html.text(pluginRoot + "/attention.js") + "' defer></script>");
        w.println("</div>");
    }

    private static void counts(PrintWriter w, Attention a) {
        if (!a.monitored()) {
            w.println("<p class='pc-missing'>The s2s server (FederationMonitor) is not running: no links to count.</p>");
        }
        String share = a.links() == 0 ? "–" : (a.encrypted() * 100 / a.links()) + "%";
        w.println("<table id='pc-counts' class='nicetable'><tbody>"
                + "<tr><th>Links</th><td class='pc-links-count'>" + a.links() + "</td></tr>"
                + "<tr" + (a.encrypted() < a.links() ? " class='pc-plaintext'" : "") + "><th>Encrypted</th>"
                + "<td class='pc-encrypted-share'>" + Html.text(share) + " (" + a.encrypted() + " of " + a.links()
                + ")</td></tr>");
        for (Map.Entry<String, Integer> e : a.byMethod().entrySet()) {
            w.println("<tr data-method='" + Html.text(e.getKey()) + "'><th>Authenticated by " + Html.text(e.getKey())
                    + "</th><td class='pc-method-count'>" + e.getValue() + "</td></tr>");
        }
        w.println("</tbody></table>");
    }

    private static void window(PrintWriter w, Attention.Window win, String title) {
        String id = "pc-problems-" + win.name();
        w.println("<h3>Problems in " + Html.text(title) + "</h3>");
        StringBuilder summary = new StringBuilder();
        for (ProblemKind k : ProblemKind.values()) {
            int n = win.counts().getOrDefault(k, 0);
            summary.append("<span class='pc-count' data-kind='").append(k.name().toLowerCase(Locale.ROOT)).append("'>")
                    .append(Html.text(k.label)).append(": <b>").append(n).append("</b></span> ");
        }
        w.println("<p id='" + id + "-counts'>" + summary + "</p>");
        if (win.rows().isEmpty()) {
            w.println("<p id='" + id + "-none' class='pc-ok'>No problems in " + Html.text(title) + ".</p>");
            return;
        }
        w.println("<table id='" + id + "' class='nicetable'><thead><tr><th>Last seen</th><th>Problem</th>"
                + "<th>Domain</th><th>Reason</th><th>Clause</th><th>Times</th></tr></thead><tbody>");
        for (Attention.Row r : win.rows()) {
            w.println("<tr class='pc-warning' data-kind='" + r.kind().name().toLowerCase(Locale.ROOT) + "'>"
                    + "<td>" + Html.time(r.last()) + "</td>"
                    + "<td class='pc-kind'>" + Html.text(r.kind().label) + "</td>"
                    + "<td class='pc-domain'>" + Html.text(r.domain()) + "</td>"
                    + "<td class='pc-reason'>" + Html.text(r.reason()) + "</td>"
                    + "<td class='pc-spec'>" + Html.text(r.spec()) + "</td>"
                    + "<td class='pc-times'>" + r.count() + "</td></tr>");
        }
        w.println("</tbody></table>");
    }
}
