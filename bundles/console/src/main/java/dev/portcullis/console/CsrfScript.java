package dev.portcullis.console;

/**
 * What every console page gets in its head so that its own requests carry the anti-CSRF token: Felix's
 * pages and plugins send changes through jQuery (XMLHttpRequest) and plain forms, and their code cannot be
 * changed, so the script adds the token to every XMLHttpRequest (header {@value CsrfTokens#HEADER}; GETs too,
 * because Felix's configuration form loads through {@code GET ?post=true}, which the console runs as a POST)
 * and to every POST form (field {@value CsrfTokens#FIELD}, through the {@code formdata} event, which fires for
 * {@code form.submit()} too) sent to the console's own origin, never elsewhere. A GET form never gets it, so
 * the token never appears in a URL.
 */
final class CsrfScript {
    private CsrfScript() {
    }

    /** {@code token} is Base64url, so it needs no escaping inside the attribute or the script string. */
    static String snippet(String token) {
        if (!token.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a Base64url token");
        }
        return "<meta name=\"portcullis-csrf-token\" content=\"" + token + "\" />\n"
                + "<script type=\"text/javascript\">\n"
                + "// <![CDATA[ Portcullis: the console's own changes carry its anti-CSRF token (OWASP CSRF prevention)\n"
                + "(function () {\n"
                + "  var token = '" + token + "', header = '" + CsrfTokens.HEADER + "', field = '" + CsrfTokens.FIELD + "';\n"
                + "  function unsafe(method) { return !/^(GET|HEAD|OPTIONS)$/i.test(method || 'GET'); }\n"
                + "  function own(url) {\n"
                + "    try { return new URL(url, document.baseURI).origin === location.origin; } catch (e) { return false; }\n"
                + "  }\n"
                + "  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;\n"
                + "  XMLHttpRequest.prototype.open = function (method, url) {\n"
                + "    this.portcullisCsrf = own(url);\n"
                + "    return open.apply(this, arguments);\n"
                + "  };\n"
                + "  XMLHttpRequest.prototype.send = function () {\n"
                + "    if (this.portcullisCsrf) { this.setRequestHeader(header, token); }\n"
                + "    return send.apply(this, arguments);\n"
                + "  };\n"
                + "  document.addEventListener('formdata', function (e) {\n"
                + "    var form = e.target;\n"
                + "    if (unsafe(form.getAttribute('method') || 'GET') && own(form.getAttribute('action') || location.href)) {\n"
                + "      e.formData.set(field, token);\n"
                + "    }\n"
                + "  }, true);\n"
                + "})();\n"
                + "// ]]>\n"
                + "</script>\n";
    }
}
