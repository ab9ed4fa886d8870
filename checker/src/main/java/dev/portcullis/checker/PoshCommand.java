package dev.portcullis.checker;

import dev.portcullis.dna.core.posh.PoshDocumentWriter;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./portcullis posh <certificate.pem>... [--expires SECONDS] [--url URL]}: prints the POSH document to
 * serve at {@code https://<domain>/.well-known/posh/xmpp-server.json} (RFC 7711 §3, service {@code xmpp-server}
 * per RFC 7712 §5.2). With several files (e.g. the renewed certificate first, then the current one) each gets a
 * descriptor (RFC 7711 §3.1); with {@code --url} it prints the reference document (§3.2) instead. Exit status: 0
 * printed; 1 a file cannot be used; 2 usage error.
 */
final class PoshCommand {
    static final long DEFAULT_EXPIRES = 86_400;
    static final String USAGE = String.join("\n",
            "usage: portcullis posh <certificate.pem>... [options]",
            "",
            "Prints the POSH document (RFC 7711 §3.1) to serve at https://<domain>/.well-known/posh/xmpp-server.json",
            "so that peers prove the certificate(s) by POSH. Several files: the most relevant first (RFC 7711 §3.1).",
            "",
            "  --expires SECONDS  how long peers may cache the fingerprints (default " + DEFAULT_EXPIRES + ", at least 1)",
            "  --url URL          print the reference document (RFC 7711 §3.2) that points at URL (HTTPS) instead;",
            "                     serve the fingerprints document (the same command without --url) at URL",
            "",
            "exit status: 0 printed; 1 a certificate file cannot be used; 2 usage error.");

    /** The parsed command line. */
    record Options(List<Path> certificates, long expires, URI url) {
        Options {
            certificates = List.copyOf(certificates);
        }
    }

    private PoshCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (CheckOptions.UsageException e) {
            return RecordsMain.usage("posh", e, USAGE, err);
        }
        List<X509Certificate> endEntities = new ArrayList<>();
        for (Path p : o.certificates()) {
            try {
                // RFC 7711 §3.1: the fingerprint is over the end-entity certificate, the first in the file
                endEntities.add(CertificateFile.read(p).get(0));
            } catch (CertificateFile.Unusable e) {
                err.println("portcullis posh: " + e.getMessage());
                return RecordsMain.FAILED;
            }
        }
        PoshDocumentWriter writer = new PoshDocumentWriter();
        out.println(o.url() == null ? writer.fingerprints(endEntities, o.expires()) : writer.reference(o.url(), o.expires()));
        out.flush();
        return RecordsMain.OK;
    }

    static Options parse(String... args) {
        List<Path> certs = new ArrayList<>();
        long expires = DEFAULT_EXPIRES;
        URI url = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--expires" -> expires = expires(RecordsMain.value(a, rest));
                case "--url" -> url = url(RecordsMain.value(a, rest));
                case "-h", "--help" -> throw new CheckOptions.UsageException("");
                default -> {
                    if (a.startsWith("-")) {
                        throw new CheckOptions.UsageException("unknown option " + a);
                    }
                    certs.add(Path.of(a));
                }
            }
        }
        if (certs.isEmpty()) {
            throw new CheckOptions.UsageException("which certificate? e.g. portcullis posh /etc/letsencrypt/live/"
                    + "example.org/cert.pem");
        }
        return new Options(certs, expires, url);
    }

    private static long expires(String v) {
        long s;
        try {
            s = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckOptions.UsageException("--expires expects a number of seconds, got '" + v + "'");
        }
        if (s < 1) {
            throw new CheckOptions.UsageException("--expires must be at least 1: 0 declares the fingerprints invalid "
                    + "(RFC 7711 §3.1), got " + v);
        }
        return s;
    }

    private static URI url(String v) {
        try {
            URI u = new URI(v);
            if ("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new CheckOptions.UsageException("--url expects an HTTPS URL (RFC 7711 §3: POSH servers MUST use HTTPS), "
                + "got '" + v + "'");
    }
}
