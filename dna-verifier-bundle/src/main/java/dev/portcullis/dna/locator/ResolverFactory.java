package dev.portcullis.dna.locator;

import dev.portcullis.dna.DnaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Builds the validating resolver from the configuration: the configured (or the system's) servers,
 * wrapped in dnsjava's {@link ValidatingResolver} with the configured trust anchors, or the IANA root
 * anchors shipped in this bundle (dnsjava ships none; docs/LIBRARIES.md trap 10).
 */
public final class ResolverFactory {
    static final String ROOT_ANCHORS = "/dev/portcullis/dna/locator/root-anchors.txt";

    private ResolverFactory() {
    }

    public static Resolver create(DnaSettings settings, Clock clock) throws IOException {
        List<InetSocketAddress> servers = settings.dnsServers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : settings.dnsServers();
        List<Resolver> heads = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(settings.dnsTimeout());
            heads.add(r);
        }
        ExtendedResolver head = new ExtendedResolver(heads);
        head.setTimeout(settings.dnsTimeout());
        ValidatingResolver validating = new ValidatingResolver(head, clock);
        validating.setTimeout(settings.dnsTimeout());
        try (InputStream anchors = settings.trustAnchors() != null ? Files.newInputStream(settings.trustAnchors())
                : ResolverFactory.class.getResourceAsStream(ROOT_ANCHORS)) {
            if (anchors == null) {
                throw new IOException("the bundle's root trust anchors " + ROOT_ANCHORS + " are missing");
            }
            validating.loadTrustAnchors(anchors);
        }
        return validating;
    }
}
