package org.shoptide.core.experiment;

import java.util.Locale;

/** Life cycle of an A/B experiment: created as a draft, started once, stopped once. Wire names are lower case. */
public enum ExperimentStatus {
    /** Defined, serving nobody yet. */
    DRAFT,
    /** Assigning its scenario's traffic to variants. */
    RUNNING,
    /** Finished; results stay readable. */
    STOPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
