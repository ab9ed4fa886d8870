package dev.portcullis.checker;

import dev.portcullis.dna.core.names.DomainName;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./portcullis check}. Validated on parse: a bad value is a usage error (exit 2) that
 * names the option and what it expects.
 *
 * @param domain      the XMPP domain to check
 * @param json        print JSON instead of the human report
 * @param minGrade    exit 1 when the grade is below this, or {@code null}
 * @param dns         the DNS server to use, or {@code null} for the system's
 * @param trustAnchor DNSSEC trust anchor file, or {@code null} for the IANA root KSKs
 * @param ca          extra PEM CA certificates for PKIX, or {@code null}
 * @param connect     connect here instead of the DNS endpoints, or {@code null}
 * @param directTls   the {@code --connect} endpoint speaks XEP-0368 direct TLS
 * @param from        the stream {@code from}
 * @param noDns       do no DNS at all (only with {@code --connect})
 */
record CheckOptions(String domain, boolean json, Grade minGrade, InetSocketAddress dns, Path trustAnchor, Path ca,
                    HostPort connect, boolean directTls, String from, boolean noDns) {

    static final String DEFAULT_FROM = "check.portcullis.invalid";

    /** A host and port from {@code HOST:PORT} or {@code [v6]:PORT}. */
    record HostPort(String host, int port) {
        static HostPort parse(String option, String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new UsageException(option + " expects HOST:PORT, got '" + text + "'");
            }
            String host = text.substring(0, colon).replaceAll("^\\[|]$", "");
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException(option + " expects a numeric port, got '" + text + "'");
            }
            if (port < 1 || port > 65535) {
                throw new UsageException(option + " port out of range: " + port);
            }
            return new HostPort(host, port);
        }
    }

    /** A command-line mistake; the message says what to fix. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: portcullis check [options] <domain>",
            "",
            "Checks the XMPP server-to-server (federation) setup of <domain> and grades it (A+ .. F)",
            "against RFC 9325, RFC 8996, RFC 7590, RFC 6120 §13.7, DANE (RFC 7673) and POSH (RFC 7711).",
            "",
            "  --json               machine-readable JSON report on stdout",
            "  --min-grade G        exit 1 when the grade is below G (A+, A, A-, B, C, D, F)",
            "  --dns IP:PORT        DNS server to ask (DNSSEC is validated locally with dnsjava)",
            "  --trust-anchor FILE  DNSSEC trust anchor (DS/DNSKEY, zone-file format); default: IANA root KSKs",
            "  --ca FILE            extra PEM CA certificate(s) trusted for PKIX",
            "  --connect HOST:PORT  connect here instead of the DNS endpoints (DANE/POSH still use DNS)",
            "  --direct-tls         the --connect endpoint speaks direct TLS (XEP-0368), not STARTTLS",
            "  --no-dns             with --connect: do no DNS lookups at all",
            "  --from DOMAIN        stream 'from' (default " + DEFAULT_FROM + ")",
            "",
            "exit status: 0 the check ran (and the grade is at least --min-grade); 1 the grade is below",
            "--min-grade; 2 usage error; 3 the check could not run (no endpoint found or reachable).");

    static CheckOptions parse(String... args) {
        String domain = null;
        boolean json = false;
        Grade min = null;
        InetSocketAddress dns = null;
        Path anchor = null;
        Path ca = null;
        HostPort connect = null;
        boolean direct = false;
        boolean noDns = false;
        String from = DEFAULT_FROM;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--json" -> json = true;
                case "--direct-tls" -> direct = true;
                case "--no-dns" -> noDns = true;
                case "--min-grade" -> {
                    try {
                        min = Grade.parse(value(a, rest));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--min-grade: " + e.getMessage());
                    }
                }
                case "--dns" -> {
                    HostPort hp = HostPort.parse(a, value(a, rest));
                    if (!hp.host().matches("[0-9.]+|[0-9a-fA-F:]+")) {
                        throw new UsageException("--dns expects an IP address, got '" + hp.host() + "'");
                    }
                    dns = new InetSocketAddress(hp.host(), hp.port());
                }
                case "--trust-anchor" -> anchor = readable(a, value(a, rest));
                case "--ca" -> ca = readable(a, value(a, rest));
                case "--connect" -> connect = HostPort.parse(a, value(a, rest));
                case "--from" -> from = domainName(a, value(a, rest));
                case "-h", "--help" -> throw new UsageException("");
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    }
                    if (domain != null) {
                        throw new UsageException("only one domain per check (got " + domain + " and " + a + ")");
                    }
                    domain = domainName("domain", a);
                }
            }
        }
        if (domain == null) {
            throw new UsageException("which domain? e.g. portcullis check example.org");
        }
        if (direct && connect == null) {
            throw new UsageException("--direct-tls describes the --connect endpoint; give --connect HOST:PORT");
        }
        if (noDns && connect == null) {
            throw new UsageException("--no-dns needs --connect HOST:PORT (there is nothing else to connect to)");
        }
        return new CheckOptions(domain, json, min, dns, anchor, ca, connect, direct, from, noDns);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static Path readable(String option, String file) {
        Path p = Path.of(file);
        if (!Files.isReadable(p) || Files.isDirectory(p)) {
            throw new UsageException(option + ": cannot read file " + file);
        }
        return p;
    }

    /** A domain name in A-labels, as the host compares it ({@link DomainName}, RFC 7622 §3.2). */
    static String domainName(String what, String text) {
        return DomainName.parse(text).orElseThrow(() -> new UsageException(what + " is not a domain name: '" + text
                + "' (letters, digits and hyphens, or an internationalised name; RFC 7622 §3.2)")).ascii();
    }

}
