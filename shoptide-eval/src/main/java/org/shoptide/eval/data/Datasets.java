package org.shoptide.eval.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads a dataset named by a spec {@code FORMAT:PATH}: {@code sasrec:} ({@link SequenceFiles.Layout#PAIRS}),
 * {@code s3rec:} ({@link SequenceFiles.Layout#LINES}), {@code uci:} ({@link UciRetail}) or {@code events:}
 * ({@link EventExport}). Files may be xz-compressed.
 */
public final class Datasets {
    public static final String FORMATS = "sasrec:PATH, s3rec:PATH, uci:PATH or events:PATH";

    private Datasets() {
    }

    /** A parsed spec. */
    public record Spec(String format, Path path) {
        @Override
        public String toString() {
            return format + ":" + path;
        }
    }

    public static Spec parse(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--dataset must be " + FORMATS + ", got '" + spec + "'");
        }
        String format = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!List.of("sasrec", "s3rec", "uci", "events").contains(format)) {
            throw new IllegalArgumentException(
                    "unknown dataset format '" + format + "' in '" + spec + "'; use " + FORMATS);
        }
        return new Spec(format, Path.of(spec.substring(colon + 1)));
    }

    public static Interactions load(Spec spec, ProductionWeights weights) throws IOException {
        return switch (spec.format()) {
            case "sasrec" -> SequenceFiles.load(spec.path(), SequenceFiles.Layout.PAIRS, weights);
            case "s3rec" -> SequenceFiles.load(spec.path(), SequenceFiles.Layout.LINES, weights);
            case "uci" -> UciRetail.load(spec.path(), weights);
            case "events" -> EventExport.load(spec.path(), weights);
            default -> throw new IllegalArgumentException("unknown dataset format " + spec.format());
        };
    }
}
