package dev.portcullis.dna.locator;

import dev.portcullis.api.dna.PeerLocator;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.dna.DnaSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerLocator} service (RFC 6120 §3.2, XEP-0368 §3, RFC 7673 §3), also offering the bundle-internal
 * {@link DnsService} to the DANE and POSH prooftypes so all lookups share one validating resolver and cache.
 */
@Component(service = {PeerLocator.class, DnsService.class}, configurationPid = DnaSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PeerLocatorComponent implements PeerLocator, DnsService {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLocatorComponent.class);
    private static final int CACHE_ENTRIES = 10_000;

    private final ExecutorService executor = DnsThreads.create("dns");
    private final AtomicReference<Locator> locator = new AtomicReference<>();
    @org.osgi.service.component.annotations.Reference(
            cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile org.osgi.service.event.EventAdmin eventAdmin;

    @Activate
    public PeerLocatorComponent(Map<String, Object> properties) {
        modified(properties);
        if (locator.get() == null) {
            apply(DnaSettings.defaults());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            apply(DnaSettings.parse(properties));
        } catch (DnaSettings.Rejected e) {
            // the verifier component logs the rejection line once for the whole PID
            LOG.debug("DNS settings unchanged: {}", e.getMessage());
        }
    }

    private void apply(DnaSettings settings) {
        try {
            Clock clock = Clock.systemUTC();
            DnsClient client = new DnsClient(ResolverFactory.create(settings, clock), clock,
                    settings.dnsCacheMaxTtl(), CACHE_ENTRIES, executor);
            locator.set(new Locator(client, RandomGenerator.getDefault()));
            LOG.info("DNS: {} with DNSSEC trust anchors from {}", settings.dnsServers().isEmpty()
                    ? "the system's resolvers" : settings.dnsServers(), settings.trustAnchors() == null
                    ? "the IANA root (KSK-2017, KSK-2024)" : settings.trustAnchors());
        } catch (IOException e) {
            LOG.error("Cannot read the DNSSEC trust anchors {}: {}; keeping the previous DNS settings. Give a file of "
                    + "DS or DNSKEY records in zone-file format (dns.trust-anchors).", settings.trustAnchors(),
                    e.getMessage());
        }
    }

    /** For tests: the EventAdmin DS would bind. */
    void bindEventAdmin(org.osgi.service.event.EventAdmin admin) {
        this.eventAdmin = admin;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public CompletionStage<Resolution> locate(String domain) {
        return locator.get().locateDetailed(domain).thenApply(LocatedPeer::resolution).whenComplete((r, failure) -> {
            org.osgi.service.event.EventAdmin admin = eventAdmin;
            if (r != null && admin != null) {
                // RFC 7673 §3: the SRV answer's DNSSEC status decides whether DANE applies; bogus aborts the lookup
                Map<String, Object> props = Map.of(dev.portcullis.api.event.PortcullisEvents.PROP_DOMAIN, domain,
                        dev.portcullis.api.event.PortcullisEvents.PROP_DNSSEC, r.srvStatus().name());
                admin.postEvent(new org.osgi.service.event.Event(dev.portcullis.api.event.PortcullisEvents.LOCATED, props));
                if (r.srvStatus() == dev.portcullis.api.dna.DnssecStatus.BOGUS) {
                    admin.postEvent(new org.osgi.service.event.Event(dev.portcullis.api.event.PortcullisEvents.DNSSEC_BOGUS, props));
                }
            }
        });
    }

    @Override
    public CompletionStage<LocatedPeer> locateDetailed(String domain) {
        return locator.get().locateDetailed(domain);
    }

    @Override
    public CompletionStage<List<InetAddress>> addresses(String host) {
        return locator.get().addresses(host);
    }
}
