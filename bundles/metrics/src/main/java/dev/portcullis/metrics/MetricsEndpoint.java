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
import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.api.stream.FederationMonitor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * {@code GET /metrics} on the host's HTTP service (Felix HTTP whiteboard, default context): the Portcullis
 * event counters in the Prometheus text format. Answers loopback clients only by default, since the counts describe
 * which defences fired; an optional bearer token ({@link MetricsConfig}) guards it, and admits remote scrapers.
 */
@Component(service = {Servlet.class, EventHandler.class}, configurationPid = MetricsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=portcullis-metrics",
        EventConstants.EVENT_TOPIC + "=dev/portcullis/*",
        EventConstants.EVENT_TOPIC + "=" + PortcullisEvents.MEASUREMENTS + "/*"})
@Designate(ocd = MetricsConfig.class)
public final class MetricsEndpoint extends HttpServlet implements EventHandler {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private transient volatile MetricsAccess access = MetricsAccess.LOOPBACK_ONLY;
    /** The last refusal logged, so a scraper retrying every 15 s does not repeat it. */
    private transient volatile String lastLogged;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile FederationMonitor monitor;

    private final transient FederationMetrics metrics = new FederationMetrics(() -> monitor, java.time.Clock.systemUTC());

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        try {
            access = MetricsAccess.parse(properties);
            LOG.info("Metrics endpoint /metrics: {}{}", access.remote() ? "loopback and remote clients" : "loopback clients only",
                    access.tokenFile() == null ? "" : ", bearer token from " + access.tokenFile());
        } catch (IllegalArgumentException e) {
            // Fail closed: loopback only, and no scrape at all if a token was meant to protect it
            access = MetricsAccess.LOOPBACK_ONLY;
            LOG.error("Rejected configuration {} from {}: {}; /metrics answers loopback clients only", MetricsConfig.PID,
                    properties.get("felix.fileinstall.filename"), e.getMessage());
        }
    }

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
        boolean loopback = InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        java.util.Optional<MetricsAccess.Refusal> refusal = access.check(loopback, request.getHeader("Authorization"));
        if (refusal.isPresent()) {
            MetricsAccess.Refusal r = refusal.get();
            if (r.logLine() != null && !r.logLine().equals(lastLogged)) {
                lastLogged = r.logLine();
                LOG.error(r.logLine());
            }
            if (r.status() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"portcullis-metrics\"");
            }
            response.sendError(r.status(), r.text());
            return;
        }
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        metrics.write(response.getOutputStream());
    }
}
