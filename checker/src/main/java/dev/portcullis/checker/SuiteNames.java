package dev.portcullis.checker;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/** IANA names of cipher suites, read from Bouncy Castle's {@link CipherSuite} constants (which are the IANA names). */
final class SuiteNames {
    private static final Map<Integer, String> NAMES = load();

    private SuiteNames() {
    }

    static String name(int suite) {
        String n = NAMES.get(suite);
        return n != null ? n : String.format("0x%04X", suite);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("TLS_")) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
