package org.shoptide.core.job;

import java.util.Locale;

/** Why a run exists: its kind's schedule was due, an operator asked ("run now"), or an earlier attempt failed. */
public enum JobTrigger {
    SCHEDULE, MANUAL, RETRY;

    /** The lower-case name used in storage and JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #wire()}.
     *
     * @throws IllegalArgumentException
     *             naming the accepted values
     */
    public static JobTrigger fromWire(String s) {
        for (JobTrigger v : values()) {
            if (v.wire().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("trigger must be one of schedule, manual, retry, got '" + s + "'");
    }
}
