package dev.portcullis.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pax-logging configures Log4j 2 from {@code etc/org.ops4j.pax.logging.cfg} only once FileInstall hands that
 * file to ConfigAdmin, which can be after the plugins have started and logged. Until then it reads the file
 * named by {@code org.ops4j.pax.logging.property.file} as is, without FileInstall's {@code ${...}}
 * substitution. So the launcher writes a substituted copy to {@code data/tmp/} and points pax-logging at it:
 * from the first line on, everything goes to {@code data/log/portcullis.log}.
 */
final class LoggingBootstrap {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private LoggingBootstrap() {
    }

    /** Returns the file for {@code org.ops4j.pax.logging.property.file}, or null when etc/ has no logging config. */
    static Path prepare(HomeLayout layout, Map<String, String> frameworkProperties) throws IOException {
        Path source = layout.etc().resolve("org.ops4j.pax.logging.cfg");
        if (!Files.isRegularFile(source)) {
            return null;
        }
        String text = Files.readString(source, StandardCharsets.ISO_8859_1);
        Matcher m = VARIABLE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = frameworkProperties.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(b);
        Path target = layout.data().resolve("tmp").resolve("org.ops4j.pax.logging.cfg");
        Files.createDirectories(target.getParent());
        Files.writeString(target, b, StandardCharsets.ISO_8859_1);
        return target;
    }
}
