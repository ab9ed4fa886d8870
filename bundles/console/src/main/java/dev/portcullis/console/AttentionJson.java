package dev.portcullis.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** {@code attention.json}: the same facts as the page's top section, and the chart's series. */
final class AttentionJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AttentionJson() {
    }

    static String render(Attention a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", a.now().toString());
        ObjectNode links = root.putObject("links");
        links.put("monitored", a.monitored());
        links.put("total", a.links());
        links.put("encrypted", a.encrypted());
        ObjectNode methods = links.putObject("byMethod");
        a.byMethod().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> methods.put(e.getKey(), e.getValue()));
        for (Attention.Window w : java.util.List.of(a.hour(), a.day())) {
            ObjectNode n = root.putObject(w.name());
            ObjectNode counts = n.putObject("counts");
            for (ProblemKind k : ProblemKind.values()) {
                counts.put(k.name().toLowerCase(Locale.ROOT), w.counts().getOrDefault(k, 0));
            }
            ArrayNode rows = n.putArray("problems");
            for (Attention.Row r : w.rows()) {
                ObjectNode row = rows.addObject();
                row.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
                row.put("label", r.kind().label);
                row.put("domain", r.domain());
                row.put("reason", r.reason());
                row.put("spec", r.spec());
                row.put("count", r.count());
                row.put("last", r.last().toString());
            }
        }
        ObjectNode chart = root.putObject("chart");
        chart.put("bucketSeconds", 60);
        chart.put("end", a.now().toString());
        ArrayNode neg = chart.putArray("negotiations");
        for (int v : a.chart().negotiations()) {
            neg.add(v);
        }
        ArrayNode fail = chart.putArray("failures");
        for (int v : a.chart().failures()) {
            fail.add(v);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
