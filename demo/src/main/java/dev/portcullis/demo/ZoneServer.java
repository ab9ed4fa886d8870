package dev.portcullis.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server for one {@link SignedZone} on 127.0.0.1, over UDP and TCP (RFC 1035 §4.2,
 * RFC 7766), on one ephemeral port. It answers with the RRSIGs a validating resolver needs (RFC 4035 §3.1):
 * positive answers with their signatures, NODATA with the owner's NSEC, NXDOMAIN with the NSECs covering the
 * name and the wildcard (RFC 4035 §3.1.3). Names outside the zone are REFUSED: nothing is recursed.
 */
final class ZoneServer implements AutoCloseable {
    private static final int MAX_TCP_CLIENTS = 16;

    private final SignedZone zone;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-dns");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger tcpClients = new AtomicInteger();
    private final AtomicInteger queries = new AtomicInteger();
    private final DemoLog log;
    private volatile boolean open = true;

    private ZoneServer(SignedZone zone, DatagramSocket udp, ServerSocket tcp, DemoLog log) {
        this.zone = zone;
        this.udp = udp;
        this.tcp = tcp;
        this.log = log;
    }

    /** Serves {@code zone} on 127.0.0.1 at a free port, the same number for UDP and TCP. */
    static ZoneServer start(SignedZone zone, DemoLog log) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()), 50);
                ZoneServer s = new ZoneServer(zone, udp, tcp, log);
                s.threads.execute(s::serveUdp);
                s.threads.execute(s::serveTcp);
                return s;
            } catch (IOException taken) {
                udp.close();
                last = taken;
            }
        }
        throw new IOException("no free port on 127.0.0.1 for both UDP and TCP DNS", last);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    /** {@code 127.0.0.1:port}, as the hosts' {@code dns.servers} takes it. */
    String hostPort() {
        return udp.getLocalAddress().getHostAddress() + ":" + udp.getLocalPort();
    }

    int queriesAnswered() {
        return queries.get();
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                byte[] in = java.util.Arrays.copyOf(p.getData(), p.getLength());
                byte[] out = answer(in, false);
                if (out != null) {
                    udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (open) {
                    log.line("dns: UDP: " + e);
                }
            }
        }
    }

    private void serveTcp() {
        while (open) {
            try {
                Socket s = tcp.accept();
                if (tcpClients.incrementAndGet() > MAX_TCP_CLIENTS) {
                    tcpClients.decrementAndGet();
                    s.close();
                    continue;
                }
                threads.execute(() -> serveTcpClient(s));
            } catch (IOException e) {
                if (open) {
                    log.line("dns: TCP accept: " + e);
                }
            }
        }
    }

    private void serveTcpClient(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (open) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException done) {
                    return;
                }
                byte[] query = in.readNBytes(length);
                byte[] reply = answer(query, true);
                if (reply == null) {
                    return;
                }
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (SocketException closed) {
            // the resolver hung up or we are closing
        } catch (IOException e) {
            log.line("dns: TCP client: " + e);
        } finally {
            tcpClients.decrementAndGet();
        }
    }

    /** The wire answer to a wire query, or null to stay silent (unparseable junk). */
    byte[] answer(byte[] wire, boolean tcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Message reply = respond(query);
        queries.incrementAndGet();
        int limit = 65535;
        if (!tcp) {
            OPTRecord opt = query.getOPT();
            limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        }
        return reply.toWire(limit);
    }

    Message respond(Message query) {
        Header qh = query.getHeader();
        Message reply = new Message(qh.getID());
        Header h = reply.getHeader();
        h.setFlag(Flags.QR);
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (qh.getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        OPTRecord qopt = query.getOPT();
        boolean dnssecOk = qopt != null && (qopt.getFlags() & ExtendedFlags.DO) != 0;
        if (qopt != null) {
            reply.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        org.xbill.DNS.Record question = query.getQuestion();
        if (question == null || qh.getOpcode() != 0) {
            h.setRcode(Rcode.FORMERR);
            return reply;
        }
        reply.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        int qtype = question.getType();
        if (!zone.contains(qname)) {
            h.setRcode(Rcode.REFUSED);
            log.line("dns: refused " + qname + " " + Type.string(qtype) + " (outside " + zone.origin() + ")");
            return reply;
        }
        h.setFlag(Flags.AA);
        if (qtype == Type.ANY) {
            h.setRcode(Rcode.NOTIMP);
            return reply;
        }
        var found = zone.rrset(qname, qtype);
        if (found.isPresent()) {
            add(reply, found.get(), Section.ANSWER, dnssecOk);
            log.line("dns: " + qname + " " + Type.string(qtype) + " -> " + found.get().size() + " record(s)");
            return reply;
        }
        add(reply, zone.soa(), Section.AUTHORITY, dnssecOk);
        if (zone.hasName(qname) || zone.isEmptyNonTerminal(qname)) {
            // NODATA (RFC 4035 §3.1.3.1): the owner's NSEC, or for an empty non-terminal the one covering it
            add(reply, zone.coveringNsec(qname), Section.AUTHORITY, dnssecOk);
            log.line("dns: " + qname + " " + Type.string(qtype) + " -> no data (NSEC)");
            return reply;
        }
        // NXDOMAIN (RFC 4035 §3.1.3.2): the NSEC covering the name and the one proving no wildcard
        h.setRcode(Rcode.NXDOMAIN);
        Set<Name> added = new HashSet<>();
        RRset covering = zone.coveringNsec(qname);
        added.add(covering.getName());
        add(reply, covering, Section.AUTHORITY, dnssecOk);
        Name wildcard = Name.fromConstantString("*." + zone.closestEncloser(qname));
        RRset noWildcard = zone.coveringNsec(wildcard);
        if (added.add(noWildcard.getName())) {
            add(reply, noWildcard, Section.AUTHORITY, dnssecOk);
        }
        log.line("dns: " + qname + " " + Type.string(qtype) + " -> NXDOMAIN (NSEC)");
        return reply;
    }

    private static void add(Message m, RRset set, int section, boolean withSignatures) {
        for (org.xbill.DNS.Record r : set.rrs(false)) {
            m.addRecord(r, section);
        }
        if (withSignatures) {
            for (org.xbill.DNS.Record r : set.sigs()) {
                m.addRecord(r, section);
            }
        }
    }

    @Override
    public void close() {
        open = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
