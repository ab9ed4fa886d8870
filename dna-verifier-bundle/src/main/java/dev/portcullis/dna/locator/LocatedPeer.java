package dev.portcullis.dna.locator;

import dev.portcullis.api.dna.Resolution;
import java.util.List;

/** The public {@link Resolution} plus the targets skipped on the way, which DANE must see (RFC 7673 §3). */
public record LocatedPeer(Resolution resolution, List<SkippedTarget> skipped) {
    public LocatedPeer {
        skipped = List.copyOf(skipped);
    }
}
