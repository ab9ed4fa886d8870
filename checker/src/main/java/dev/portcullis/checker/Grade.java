package dev.portcullis.checker;

import java.util.Locale;

/** The overall grade, best first. A deduction caps the grade; the lowest cap wins. */
enum Grade {
    A_PLUS("A+"), A("A"), A_MINUS("A-"), B("B"), C("C"), D("D"), F("F");

    private final String label;

    Grade(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The worse of two grades. */
    Grade min(Grade other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    boolean isBelow(Grade other) {
        return ordinal() > other.ordinal();
    }

    /** Parses {@code A+}, {@code a-}, {@code B}…; throws with the accepted values on anything else. */
    static Grade parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (Grade g : values()) {
            if (g.label.equals(t)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown grade '" + text + "'; use one of A+, A, A-, B, C, D, F");
    }

    @Override
    public String toString() {
        return label;
    }
}
