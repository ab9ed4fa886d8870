package dev.portcullis.console;

import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.tls.TlsPolicy;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Web Console page {@code /system/console/xmpp-federation}: HTML inside the console's frame for
 * administrators (the console authenticates the request first), JSON under the same path for scripts.
 * The security services are bound dynamically so a bundle update never takes the page down; a missing one
 * is shown as missing.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + FederationPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=XMPP Federation",
        ServletConstants.PLUGIN_CATEGORY + "=Portcullis"})
public final class FederationPlugin extends AbstractServlet {
    static final String LABEL = "xmpp-federation";
    private static final long serialVersionUID = 1L;

    private final transient SecurityEventLog events;
    private final transient JsonViews json = new JsonViews();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile FederationMonitor monitor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CertificateMemory memory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile TlsPolicy policy;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile dev.portcullis.api.store.SharedStore store;

    @Activate
    public FederationPlugin(@Reference SecurityEventLog events) {
        this.events = events;
    }

    private Sources sources() {
        return new Sources(monitor, memory, policy, events, store);
    }

    /**
     * JSON requests are answered here; for anything else nothing is written, so the Web Console draws its
     * frame and calls {@link #renderContent}.
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.endsWith("/" + ConsoleAssets.SCRIPT)) {
            ConsoleAssets.serveScript(response);
            return;
        }
        if (!path.endsWith(".json")) {
            return;
        }
        Sources s = sources();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Optional<String> body = JsonDocument.named(name).flatMap(d -> d.render(json, s, request.getParameter("id")));
        setNoCache(response); // ConsoleGuard makes it no-store and adds nosniff, as for every console response
        if (body.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such stream or document; documents: "
                    + String.join(", ", JsonViews.endpoints()));
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body.get());
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root == null ? request.getContextPath() + request.getServletPath() + "/" + LABEL : root.toString();
        String stream = request.getParameter("stream");
        if (stream != null && !stream.isBlank()) {
            StreamPage.render(response.getWriter(), sources(), pluginRoot, stream);
        } else {
            OverviewPage.render(response.getWriter(), sources(), pluginRoot);
        }
    }
}
