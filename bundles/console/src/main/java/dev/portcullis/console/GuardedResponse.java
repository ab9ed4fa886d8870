package dev.portcullis.console;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;

/**
 * A console response: its HTML pages get the anti-CSRF script in their head (and the session cookie it is
 * bound to), and unless it is a static resource, {@code Cache-Control: no-store} stays, whatever a plugin sets,
 * because console pages and JSON show configuration values and certificate facts that no browser or proxy
 * cache should keep.
 */
final class GuardedResponse extends HttpServletResponseWrapper {
    private static final Set<String> CACHE_HEADERS = Set.of("cache-control", "expires", "pragma");

    private final boolean noStore;
    private final String snippet;
    private final Runnable beforeHtml;
    private HeadInjector injector;
    private PrintWriter writer;

    /**
     * @param snippet    what goes before {@code </head>} of an HTML page, or null for none
     * @param beforeHtml runs once, before an HTML page is written (headers can still be set)
     */
    GuardedResponse(HttpServletResponse response, boolean noStore, String snippet, Runnable beforeHtml) {
        super(response);
        this.noStore = noStore;
        this.snippet = snippet;
        this.beforeHtml = beforeHtml;
        if (noStore) {
            response.setHeader("Cache-Control", "no-store");
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter base = super.getWriter();
            String type = getContentType();
            if (snippet != null && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
                beforeHtml.run();
                injector = new HeadInjector(base, snippet);
                writer = new PrintWriter(injector);
            } else {
                writer = base;
            }
        }
        return writer;
    }

    /** Writes anything the injector still holds; called when the request is done, and on flush. */
    void finish() throws IOException {
        if (injector != null) {
            writer.flush();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        finish();
        super.flushBuffer();
    }

    @Override
    public void setHeader(String name, String value) {
        if (!pinned(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!pinned(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!pinned(name)) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!pinned(name)) {
            super.addDateHeader(name, date);
        }
    }

    private boolean pinned(String name) {
        return noStore && name != null && CACHE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
