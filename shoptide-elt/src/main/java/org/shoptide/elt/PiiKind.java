package org.shoptide.elt;

import java.util.Locale;

/**
 * Kinds of personal data a source declares. Declared fields are replaced at landing by {@code hex(SHA-256(salt ||
 * normalised value))}, so that records of one person match across sources without the lake holding the value.
 */
public enum PiiKind {
    /** E-mail address; normalised by trimming and lower-casing. */
    EMAIL,
    /** Telephone number; normalised by keeping digits and '+'. */
    PHONE,
    /** Any other identifier; normalised by trimming. */
    ID;

    public static PiiKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PII kind must be email, phone or id, got '" + s + "'", e);
        }
    }

    /** The DuckDB SQL expression of the normalised value of {@code column} (a VARCHAR expression). */
    String normaliseSql(String column) {
        return switch (this) {
            case EMAIL -> "lower(trim(" + column + "))";
            case PHONE -> "regexp_replace(" + column + ", '[^0-9+]', '', 'g')";
            case ID -> "trim(" + column + ")";
        };
    }

    /** The same normalisation in Java, for callers that hash a value to look it up. */
    public String normalise(String value) {
        return switch (this) {
            case EMAIL -> value.trim().toLowerCase(Locale.ROOT);
            case PHONE -> value.replaceAll("[^0-9+]", "");
            case ID -> value.trim();
        };
    }
}
