package org.shoptide.core.job;

import java.util.Locale;

/**
 * Where a run is in its life: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}, or {@code QUEUED ->
 * CANCELLED}. The three last are final. Stored and sent as the lower-case name ({@link #wire()}).
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True for the states a run never leaves. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

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
    public static JobState fromWire(String s) {
        for (JobState v : values()) {
            if (v.wire().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "state must be one of queued, running, succeeded, failed, cancelled, got '" + s + "'");
    }
}
