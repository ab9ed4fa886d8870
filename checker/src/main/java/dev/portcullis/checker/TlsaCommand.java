package dev.portcullis.checker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./portcullis tlsa <certificate.pem> [--usage 3|2] [--port 5269] [--xmpps-port PORT] [--host HOST]
 * [--domain DOMAIN]}: prints, in zone-file syntax, the TLSA records that make DANE peers (RFC 7673) prove the
 * certificate, with the SRV records they hang from as comments. Exit status: 0 printed; 1 the file cannot be
 * used; 2 usage error.
 */
final class TlsaCommand {
    static final String USAGE = String.join("\n",
            "usage: portcullis tlsa <certificate.pem> [options]",
            "",
            "Prints the TLSA records to publish for DANE (RFC 7673 §3.3, RFC 7671 §5) so that peers prove",
            "<certificate.pem> (end-entity certificate first; for --usage 2 also the CA that issued it).",
            "",
            "  --usage 3|2        3: DANE-EE '3 1 1', the end-entity key (default); 2: DANE-TA '2 1 1', the issuing CA",
            "  --port PORT        the port of the _xmpp-server._tcp SRV record (default 5269)",
            "  --xmpps-port PORT  also the record for the XEP-0368 _xmpps-server._tcp (direct TLS) port",
            "  --host HOST        the SRV target, where the TLSA records live (default: the certificate's first DNS name)",
            "  --domain DOMAIN    the XMPP domain whose SRV records point at HOST (shown in the SRV comments)",
            "",
            "exit status: 0 printed; 1 the certificate file cannot be used; 2 usage error.");

    /** The parsed command line. */
    record Options(Path certificate, int usage, int port, Integer xmppsPort, String host, String domain) {
    }

    private TlsaCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (CheckOptions.UsageException e) {
            return RecordsMain.usage("tlsa", e, USAGE, err);
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateFile.read(o.certificate());
        } catch (CertificateFile.Unusable e) {
            err.println("portcullis tlsa: " + e.getMessage());
            return RecordsMain.FAILED;
        }
        String host = o.host();
        if (host == null) {
            host = firstDnsName(chain.get(0));
            if (host == null) {
                err.println("portcullis tlsa: the certificate names no DNS host; give the SRV target with --host HOST");
                return RecordsMain.USAGE;
            }
        }
        try {
            out.print(render(chain, o.usage(), o.port(), o.xmppsPort(), host, o.domain()));
        } catch (IllegalArgumentException e) {
            err.println("portcullis tlsa: " + e.getMessage());
            return RecordsMain.FAILED;
        }
        out.flush();
        return RecordsMain.OK;
    }

    /** The zone-file text: comments saying where and why, then one record per port. */
    static String render(List<X509Certificate> chain, int usage, int port, Integer xmppsPort, String host,
                         String domain) {
        X509Certificate named = TlsaRecords.subject(chain, usage);
        StringBuilder s = new StringBuilder();
        s.append("; DANE for XMPP server-to-server (RFC 7673): publish in the DNSSEC-signed zone of ").append(host)
                .append(".\n");
        s.append("; Peers use these records only when the SRV records pointing at ").append(host)
                .append(" are DNSSEC-signed too (RFC 7673 §3.1, §6):\n");
        String d = domain == null ? "<your XMPP domain>" : domain;
        s.append(";   _xmpp-server._tcp.").append(d).append(". IN SRV 0 0 ").append(port).append(' ').append(host)
                .append(".\n");
        if (xmppsPort != null) {
            s.append(";   _xmpps-server._tcp.").append(d).append(". IN SRV 0 0 ").append(xmppsPort).append(' ')
                    .append(host).append(".   (XEP-0368 direct TLS)\n");
        }
        if (usage == TlsaRecords.DANE_EE) {
            s.append("; 3 1 1 = DANE-EE, SubjectPublicKeyInfo, SHA-256 of ").append(named.getSubjectX500Principal().getName())
                    .append(" (RFC 7671 §5.1); a renewal that keeps the key keeps it valid (RFC 7671 §8.1).\n");
        } else {
            s.append("; 2 1 1 = DANE-TA, SubjectPublicKeyInfo, SHA-256 of the issuing CA ")
                    .append(named.getSubjectX500Principal().getName()).append(" (RFC 7671 §5.2);\n");
            s.append("; the server must send this CA in its chain (RFC 7671 §5.2.2) and the certificate must name ")
                    .append(domain == null ? "the XMPP domain" : domain).append(" or ").append(host)
                    .append(" (RFC 7673 §6).\n");
        }
        s.append(TlsaRecords.record(chain, usage, host, port)).append('\n');
        if (xmppsPort != null) {
            s.append(TlsaRecords.record(chain, usage, host, xmppsPort)).append('\n');
        }
        return s.toString();
    }

    static Options parse(String... args) {
        Path cert = null;
        int usage = TlsaRecords.DANE_EE;
        int port = 5269;
        Integer xmpps = null;
        String host = null;
        String domain = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--usage" -> {
                    String v = RecordsMain.value(a, rest);
                    if (!v.equals("3") && !v.equals("2")) {
                        throw new CheckOptions.UsageException("--usage expects 3 (DANE-EE) or 2 (DANE-TA), got '" + v
                                + "' (RFC 7671 §5.1, §5.2)");
                    }
                    usage = Integer.parseInt(v);
                }
                case "--port" -> port = RecordsMain.port(a, RecordsMain.value(a, rest));
                case "--xmpps-port" -> xmpps = RecordsMain.port(a, RecordsMain.value(a, rest));
                case "--host" -> host = CheckOptions.domainName("--host", RecordsMain.value(a, rest));
                case "--domain" -> domain = CheckOptions.domainName("--domain", RecordsMain.value(a, rest));
                case "-h", "--help" -> throw new CheckOptions.UsageException("");
                default -> cert = RecordsMain.certificate(a, cert);
            }
        }
        if (cert == null) {
            throw new CheckOptions.UsageException("which certificate? e.g. portcullis tlsa /etc/letsencrypt/live/"
                    + "xmpp.example.org/fullchain.pem");
        }
        return new Options(cert, usage, port, xmpps, host, domain);
    }

    /** The first dNSName subjectAltName that is not a wildcard (RFC 6125 §6.4.4 pattern), or {@code null}. */
    private static String firstDnsName(X509Certificate c) {
        return Certificates.subjectAltNames(c).stream().filter(n -> n.startsWith("DNS:") && !n.contains("*"))
                .map(n -> n.substring(4).toLowerCase(java.util.Locale.ROOT)).findFirst().orElse(null);
    }
}
