package dev.portcullis.launcher;

import java.util.List;
import java.util.regex.Pattern;

/** Joins shell arguments back into one Gogo command line, quoting those the shell had kept together. */
final class GogoQuoting {

    private static final Pattern PLAIN = Pattern.compile("[^\\s'\"|;{}()\\[\\]<>$\\\\]*");

    private GogoQuoting() {
    }

    static String join(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (b.length() > 0) {
                b.append(' ');
            }
            // a single argument (e.g. "lb | grep x" or "scr:info dev.x") is taken as a command line as is
            if (args.size() == 1 || PLAIN.matcher(a).matches()) {
                b.append(a);
            } else {
                b.append('\'').append(a.replace("'", "\\'")).append('\'');
            }
        }
        return b.toString();
    }
}
