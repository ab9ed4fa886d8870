package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The anti-CSRF script goes before the first {@code </head>} of a page, however the page is split into writes. */
class HeadInjectorTest {
    static final String SNIPPET = "<script>x</script>";

    static String inject(String page, int... splits) throws IOException {
        StringWriter out = new StringWriter();
        HeadInjector w = new HeadInjector(out, SNIPPET);
        int from = 0;
        for (int s : splits) {
            w.write(page, from, s - from);
            from = s;
        }
        w.write(page, from, page.length() - from);
        w.release();
        return out.toString();
    }

    @Test
    void insertsOnceBeforeTheFirstEndOfHeadWhereverThePageIsSplit() throws IOException {
        String page = "<html><head><title>t</title></HEAD><body></head></body></html>";
        String expected = "<html><head><title>t</title>" + SNIPPET + "</HEAD><body></head></body></html>";
        for (int i = 0; i <= page.length(); i++) {
            for (int j = i; j <= page.length(); j++) {
                assertEquals(expected, inject(page, i, j), "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void nearMissesPassThroughUnchanged() throws IOException {
        assertEquals("<</hea</head" + "x", inject("<</hea</head" + "x"));
        assertEquals("<p>no head</p>", inject("<p>no head</p>"));
        assertEquals("a<<" + SNIPPET + "</head>", inject("a<<</head>"));
        assertEquals("</hea" + SNIPPET + "</head>", inject("</hea</head>", 3));
    }

    @Test
    void heldCharactersAreWrittenOnFlush() throws IOException {
        StringWriter out = new StringWriter();
        HeadInjector w = new HeadInjector(out, SNIPPET);
        w.write("body</he");
        w.flush();
        assertEquals("body</he", out.toString());
    }
}
