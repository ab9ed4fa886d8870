package dev.portcullis.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import dev.portcullis.api.stream.FederationMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * {@code GET /metrics} on the host's HTTP service (Felix HTTP whiteboard, default context): the Portcullis
 * event counters in the Prometheus text format. Answers loopback clients only, since the counts describe
 * which defences fired; a remote scraper goes through a reverse proxy or an SSH tunnel.
 */
@Component(service = {Servlet.class, EventHandler.class}, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=portcullis-metrics",
        EventConstants.EVENT_TOPIC + "=dev/portcullis/*"})
public final class MetricsEndpoint extends HttpServlet implements EventHandler {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile FederationMonitor monitor;

    private final transient FederationMetrics metrics = new FederationMetrics(() -> monitor);

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        metrics.count(event.getTopic(), properties);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "Portcullis metrics answer loopback clients only; scrape through a local proxy or tunnel");
            return;
        }
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        metrics.write(response.getOutputStream());
    }
}
