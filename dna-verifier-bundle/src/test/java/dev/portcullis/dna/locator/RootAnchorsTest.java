package dev.portcullis.dna.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;

/**
 * The IANA root trust anchors shipped with the bundle (docs/LIBRARIES.md trap 10; RFC 4033 §3.1): both current KSKs
 * as SHA-256 DS records of algorithm 8, parsed by dnsjava as the validator will parse them.
 */
class RootAnchorsTest {

    @Test
    void shipsKsk2017AndKsk2024AsSha256DsRecords() throws Exception {
        List<DSRecord> ds = new ArrayList<>();
        try (InputStream in = ResolverFactory.class.getResourceAsStream(ResolverFactory.ROOT_ANCHORS)) {
            assertNotNull(in, "the anchors are a bundle resource");
            Master m = new Master(in, Name.root);
            org.xbill.DNS.Record r;
            while ((r = m.nextRecord()) != null) {
                ds.add((DSRecord) r);
            }
        }
        assertEquals(Set.of(20326, 38696), Set.copyOf(ds.stream().map(DSRecord::getFootprint).toList()));
        for (DSRecord d : ds) {
            assertEquals(Name.root, d.getName());
            assertEquals(8, d.getAlgorithm());
            assertEquals(DSRecord.Digest.SHA256, d.getDigestID());
            assertEquals(32, d.getDigest().length);
        }
    }
}
