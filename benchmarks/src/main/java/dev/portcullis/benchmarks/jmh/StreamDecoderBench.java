package dev.portcullis.benchmarks.jmh;

import dev.portcullis.stream.Element;
import dev.portcullis.stream.StreamDecoder;
import dev.portcullis.stream.StreamException;
import dev.portcullis.stream.StreamHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stream decoder (RFC 6120 §4, §11.1 checks included): bytes of one whole stream (header, 100 stanzas of
 * typical s2s shape, close) to elements, with a fresh decoder per stream as the host makes one per connection and
 * restart. Reported per stanza ({@link OperationsPerInvocation}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamDecoderBench {
    static final int STANZAS = 100;
    private byte[] stream;

    @Setup
    public void setup() {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
                + "xmlns:stream='http://etherx.jabber.org/streams' from='b.test' to='a.test' id='s1' version='1.0'>");
        for (int i = 0; i < STANZAS; i++) {
            switch (i % 3) {
                case 0 -> b.append("<iq type='get' from='b.test' to='a.test' id='p").append(i)
                        .append("'><ping xmlns='urn:xmpp:ping'/></iq>");
                case 1 -> b.append("<message from='juliet@b.test/balcony' to='romeo@a.test' type='chat' id='m").append(i)
                        .append("'><body>Wherefore art thou, Romeo? &amp; ").append(i).append("</body>")
                        .append("<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
                default -> b.append("<presence from='juliet@b.test/balcony' to='romeo@a.test'><show>away</show>")
                        .append("<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://b.test' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>");
            }
        }
        b.append("</stream:stream>");
        stream = b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void decodeStanzas(Blackhole bh) throws StreamException {
        StreamDecoder d = new StreamDecoder(524288);
        d.feed(ByteBuffer.wrap(stream), new StreamDecoder.Handler() {
            @Override
            public void streamOpened(StreamHeader header) {
                bh.consume(header);
            }

            @Override
            public boolean element(Element element) {
                bh.consume(element);
                return true;
            }

            @Override
            public void streamClosed() {
                bh.consume(true);
            }
        });
    }
}
