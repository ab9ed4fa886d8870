package dev.portcullis.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The page's script, served from this bundle under the plugin's own path, so the page needs no inline script
 * and no external resource (the browser loads it same-origin, as ConsoleGuard's Fetch Metadata check allows).
 */
final class ConsoleAssets {
    static final String SCRIPT = "attention.js";
    private static final byte[] SCRIPT_BYTES = load(SCRIPT);

    private ConsoleAssets() {
    }

    static void serveScript(HttpServletResponse response) throws IOException {
        response.setContentType("text/javascript");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(SCRIPT_BYTES.length);
        response.getOutputStream().write(SCRIPT_BYTES);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the console bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
