package dev.portcullis.tls;

import javax.net.ssl.SSLEngine;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;

/**
 * Provider-specific per-engine settings that {@code javax.net.ssl.SSLParameters} cannot express on
 * Java 17. BCJSSE takes exact, ordered group and signature-scheme lists per engine; SunJSSE has no such
 * API before Java 19/20, so for it the groups and schemes are narrowed by {@link PolicyConstraints}
 * only (it still offers them in its own order) and {@link SessionReview} reports what was used.
 */
final class EngineTuning {

    private EngineTuning() {
    }

    static void apply(SSLEngine engine, Profile profile) {
        if (engine instanceof BCSSLEngine bc) {
            BCSSLParameters p = bc.getParameters();
            p.setNamedGroups(profile.namedGroups().toArray(String[]::new));
            p.setSignatureSchemes(profile.signatureSchemes().toArray(String[]::new));
            p.setSignatureSchemesCert(profile.signatureSchemes().toArray(String[]::new));
            p.setUseNamedGroupsOrder(true);
            bc.setParameters(p);
        }
    }
}
