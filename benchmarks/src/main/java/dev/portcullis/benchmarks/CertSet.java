package dev.portcullis.benchmarks;

import dev.portcullis.testkit.TestCa;

/** The two certificate sets: every certificate of a set (servers and origin domains) has this key type. */
enum CertSet {
    RSA_2048("RSA-2048", TestCa.KeyAlgorithm.RSA_2048, "rsa"),
    ECDSA_P256("ECDSA P-256", TestCa.KeyAlgorithm.EC_P256, "ec");

    final String label;
    final TestCa.KeyAlgorithm key;
    final String prefix;

    CertSet(String label, TestCa.KeyAlgorithm key, String prefix) {
        this.label = label;
        this.key = key;
        this.prefix = prefix;
    }
}
