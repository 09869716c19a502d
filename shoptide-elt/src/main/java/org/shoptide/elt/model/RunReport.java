package org.shoptide.elt.model;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a model run.
 *
 * @param runId
 *            the run's id (its staging directory and lineage record)
 * @param built
 *            each model built, in run order, with its row count
 * @param failure
 *            the first failing data test or model error, if any; then nothing was published
 * @param published
 *            whether every model was published to the marts
 */
public record RunReport(String runId, List<Built> built, Optional<String> failure, boolean published) {
    public RunReport {
        built = List.copyOf(built);
    }

    /** One model built in staging. */
    public record Built(String model, int version, long rows, List<String> testsPassed) {
        public Built {
            testsPassed = List.copyOf(testsPassed);
        }
    }
}
