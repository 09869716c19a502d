package org.shoptide.eval.protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.shoptide.eval.data.Interactions;

/**
 * How a dataset is split into training data and held-out targets. Every protocol gives a <b>validation</b> split (for
 * tuning) and a <b>test</b> split (reported once per model, with the parameters the validation chose); the validation
 * split never contains the test targets.
 */
public sealed interface Protocol permits LeaveOneOut, Temporal {

    /** {@code loo}, {@code loo-retrain} or {@code temporal}. */
    String name();

    /** The protocol's settings, for reports and {@code split.json}. */
    Map<String, Object> describe();

    Splits split(Interactions data);

    /** The two splits of a protocol. */
    record Splits(Split validation, Split test) {
    }

    /**
     * Parses {@code --protocol} with its options.
     *
     * @param cut
     *            for {@code temporal}: a date ({@code 2011-09-01}, midnight UTC) or an ISO instant
     * @param validationCut
     *            for {@code temporal}, optional: the validation cut (default: as far before the cut as the test window
     *            is long)
     */
    static Protocol parse(String name, String cut, String validationCut) {
        return switch (name == null ? "" : name) {
            case "loo", "loo-retrain" -> {
                if (cut != null || validationCut != null) {
                    throw new IllegalArgumentException("--cut and --validation-cut belong to --protocol temporal");
                }
                yield new LeaveOneOut(name.equals("loo-retrain"));
            }
            case "temporal" -> {
                if (cut == null) {
                    throw new IllegalArgumentException("--protocol temporal needs --cut (e.g. 2011-09-01)");
                }
                yield new Temporal(instant("--cut", cut),
                        validationCut == null ? null : instant("--validation-cut", validationCut));
            }
            default -> throw new IllegalArgumentException(
                    "--protocol must be loo, loo-retrain or temporal, got '" + name + "'");
        };
    }

    /** A date (midnight UTC) or an ISO-8601 instant. */
    static Instant instant(String option, String s) {
        try {
            return s.contains("T") ? Instant.parse(s) : LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " must be a date (2011-09-01) or an ISO instant (2011-09-01T00:00:00Z), got '" + s + "'");
        }
    }
}
