package dev.portcullis.checker;

import dev.portcullis.dna.core.posh.PoshDocumentWriter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The records to publish when DANE or POSH is missing or stale: the exact lines {@code ./portcullis tlsa} and
 * {@code ./portcullis posh} would print for the certificate the endpoint served, so the administrator can copy
 * them. DANE is always advised (A+ needs it, RFC 7673 §4.2); POSH when it is published but unusable, or missing
 * while PKIX cannot prove the domain (RFC 7712 §5.2).
 */
final class PublishAdvice {
    private static final PoshDocumentWriter POSH = new PoshDocumentWriter();

    private PublishAdvice() {
    }

    /** Accumulates advice lines, each piece once (two endpoints on one host and port need one record). */
    static final class Lines {
        private final Set<String> blocks = new LinkedHashSet<>();

        void add(List<String> block) {
            if (!block.isEmpty()) {
                blocks.add(String.join("\n", block));
            }
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            blocks.forEach(b -> out.addAll(b.lines().toList()));
            return out;
        }
    }

    /** DANE advice for one endpoint; empty when DANE proves it or there is nothing to advise on. */
    static List<String> dane(Endpoint endpoint, List<X509Certificate> chain, DaneFacts dane) {
        if (chain.isEmpty() || dane.status() == DaneFacts.Status.MATCH
                || (dane.status() == DaneFacts.Status.NOT_CHECKED && dane.owner() == null)) {
            return List.of();
        }
        String owner = TlsaRecords.owner(endpoint.host(), endpoint.port());
        String why = switch (dane.status()) {
            case NONE -> "DANE: no TLSA record at " + owner + " (RFC 7673 §3.3); publish it in the DNSSEC-signed zone:";
            case MISMATCH -> "DANE: the TLSA records at " + owner + " are stale (none matches the served certificate, "
                    + "RFC 7671 §5); replace them with:";
            case NOT_SECURE -> "DANE: the TLSA records at " + owner + " are not DNSSEC-signed, so peers ignore them "
                    + "(RFC 7673 §3.3); sign the zone and publish:";
            case BOGUS -> "DANE: the TLSA answer for " + owner + " is DNSSEC-bogus (RFC 4035 §5.5); fix the zone's "
                    + "signatures and publish:";
            default -> "DANE: sign the SRV records with DNSSEC (RFC 7673 §3.1), then publish at " + owner + ":";
        };
        return List.of(why, "  " + TlsaRecords.record(chain, TlsaRecords.DANE_EE, endpoint.host(), endpoint.port()),
                "  (./portcullis tlsa <certificate.pem> --host " + endpoint.host() + " --port " + endpoint.port()
                        + " prints it with comments)");
    }

    /**
     * POSH advice; empty when POSH proves the certificate, when nothing was fetched for want of DNS, or when it is
     * missing but PKIX proves every endpoint anyway.
     *
     * @param pkixProves every examined endpoint's certificate is PKIX-valid and names the domain
     */
    static List<String> posh(PoshFacts posh, List<X509Certificate> endEntities, boolean pkixProves, boolean noDns) {
        if (noDns || endEntities.isEmpty() || posh.status() == PoshFacts.Status.MATCH
                || (posh.status() == PoshFacts.Status.NOT_PUBLISHED && pkixProves)) {
            return List.of();
        }
        String why = switch (posh.status()) {
            case NOT_PUBLISHED -> "POSH: nothing at " + posh.url() + ", and PKIX cannot prove the certificate; serve "
                    + "this there (RFC 7711 §3.1):";
            case MISMATCH -> "POSH: the document at " + posh.url() + " is stale (no fingerprint matches the served "
                    + "certificate, RFC 7711 §3.3); replace it with:";
            default -> "POSH: the document at " + posh.url() + " cannot be used; serve this instead (RFC 7711 §3.1):";
        };
        List<String> out = new ArrayList<>();
        out.add(why);
        POSH.fingerprints(endEntities.stream().distinct().toList(), PoshCommand.DEFAULT_EXPIRES).lines()
                .map(l -> "  " + l).forEach(out::add);
        out.add("  (./portcullis posh <certificate.pem> prints it)");
        return out;
    }
}
