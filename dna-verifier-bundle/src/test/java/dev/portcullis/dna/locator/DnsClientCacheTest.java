package dev.portcullis.dna.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dns.DnsAnswer;
import dev.portcullis.testkit.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS cache honours TTLs (RFC 1035 §3.2.1) and negative TTLs (RFC 2308 §5), capped by dns.cache.max-ttl,
 * with an injected clock. The resolver is scripted: caching is about time, not about the network.
 */
class DnsClientCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final AtomicInteger queries = new AtomicInteger();
    private int rcode = Rcode.NOERROR;

    private final Resolver scripted = new Resolver() {
        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            queries.incrementAndGet();
            Message m = new Message(query.getHeader().getID());
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setFlag(Flags.AD);
            m.getHeader().setRcode(rcode);
            m.addRecord(query.getQuestion(), Section.QUESTION);
            Name name = query.getQuestion().getName();
            try {
                if (rcode == Rcode.NOERROR) {
                    m.addRecord(new ARecord(name, DClass.IN, 300, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
                } else if (rcode == Rcode.NXDOMAIN) {
                    m.addRecord(new SOARecord(Name.fromString("test."), DClass.IN, 900, Name.fromString("ns.test."),
                            Name.fromString("h.test."), 1, 3600, 600, 86400, 120), Section.AUTHORITY);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(m);
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, java.util.List<org.xbill.DNS.EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(org.xbill.DNS.TSIG key) {
        }

        @Override
        public void setTimeout(Duration timeout) {
        }
    };

    private DnsAnswer query(DnsClient c) throws Exception {
        return c.query(Name.fromString("x.test."), Type.A).toCompletableFuture().get();
    }

    @Test
    void keepsAnAnswerForItsTtl() throws Exception {
        DnsClient c = new DnsClient(scripted, clock, Duration.ofHours(1), 100, Runnable::run);
        assertEquals(DnssecStatus.SECURE, query(c).status());
        clock.advance(Duration.ofSeconds(299));
        query(c);
        assertEquals(1, queries.get());
        clock.advance(Duration.ofSeconds(1));
        query(c);
        assertEquals(2, queries.get());
    }

    @Test
    void capsTheTtlAtTheConfiguredMaximum() throws Exception {
        DnsClient c = new DnsClient(scripted, clock, Duration.ofSeconds(60), 100, Runnable::run);
        query(c);
        clock.advance(Duration.ofSeconds(61));
        query(c);
        assertEquals(2, queries.get());
    }

    @Test
    void keepsANegativeAnswerForTheSoaMinimumRfc2308Section5() throws Exception {
        rcode = Rcode.NXDOMAIN;
        DnsClient c = new DnsClient(scripted, clock, Duration.ofHours(1), 100, Runnable::run);
        query(c);
        clock.advance(Duration.ofSeconds(119));
        query(c);
        assertEquals(1, queries.get());
        clock.advance(Duration.ofSeconds(2));
        query(c);
        assertEquals(2, queries.get());
    }

    @Test
    void neverCachesAFailure() throws Exception {
        rcode = Rcode.SERVFAIL;
        DnsClient c = new DnsClient(scripted, clock, Duration.ofHours(1), 100, Runnable::run);
        assertEquals(DnssecStatus.INDETERMINATE, query(c).status());
        query(c);
        assertEquals(2, queries.get());
    }
}
