package org.shoptide.elt;

import java.util.Locale;

/** How a page of raw records is encoded; see {@link Lander} for how each lands. */
public enum RawFormat {
    /** CSV with a header line; every column lands as VARCHAR, exactly as written. */
    CSV,
    /** One JSON object per line; every top-level field lands as a VARCHAR column (strings unquoted, others as JSON). */
    JSONL,
    /** Parquet; lands with its own columns and types. */
    PARQUET;

    public static RawFormat parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "jsonl", "ndjson", "json" -> JSONL;
            case "parquet" -> PARQUET;
            default -> throw new IllegalArgumentException("format must be csv, jsonl or parquet, got '" + s + "'");
        };
    }
}
