package dev.portcullis.console;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Recent {@code dev/portcullis/*} events, newest first; anything but an authentication is highlighted. */
final class EventsSection {
    private EventsSection() {
    }

    static void render(PrintWriter w, List<SecurityEvent> events) {
        w.println("<h2>Recent security events</h2>");
        if (events.isEmpty()) {
            w.println("<p>No security event since the console started.</p>");
            return;
        }
        w.println("<table id='pc-events' class='nicetable'><thead><tr><th>Received</th><th>Event</th><th>Details</th>"
                + "</tr></thead><tbody>");
        for (SecurityEvent e : events) {
            StringBuilder details = new StringBuilder();
            for (Map.Entry<String, String> p : e.properties().entrySet()) {
                details.append(Html.text(p.getKey())).append(": ").append(Html.text(p.getValue())).append("<br>");
            }
            w.println("<tr" + (e.alarming() ? " class='pc-warning'" : "") + "><td>" + Html.time(e.received()) + "</td>"
                    + "<td class='pc-event'>" + Html.text(e.kind()) + "</td><td>" + details + "</td></tr>");
        }
        w.println("</tbody></table>");
    }
}
