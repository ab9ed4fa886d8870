package dev.portcullis.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void peerDomainWithMarkupIsShownAsText() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", Html.text("<script>alert('x')</script>&\""));
    }

    @Test
    void controlCharactersAreEscapedNotWritten() {
        assertEquals("a&#10;b&#27;", Html.text("a\nb\u001b"));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", Html.text(null));
    }
}
