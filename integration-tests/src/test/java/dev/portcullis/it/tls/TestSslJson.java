package dev.portcullis.it.tls;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads testssl.sh's {@code --jsonfile} output: a flat array of flat objects ({@code id}, {@code severity},
 * {@code finding}, …) with string values. Small enough to read without adding a JSON library to this module.
 */
final class TestSslJson {
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern PAIR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private TestSslJson() {
    }

    /** Findings by id, each as its key/value map, in file order. */
    static Map<String, Map<String, String>> findings(String json) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Matcher o = OBJECT.matcher(json);
        while (o.find()) {
            Map<String, String> fields = new HashMap<>();
            Matcher p = PAIR.matcher(o.group());
            while (p.find()) {
                fields.put(p.group(1), p.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            if (fields.containsKey("id")) {
                out.put(fields.get("id"), fields);
            }
        }
        return out;
    }
}
