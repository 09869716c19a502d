package org.shoptide.core.job;

/**
 * How a running run ended.
 *
 * @param state
 *            {@link JobState#SUCCEEDED}, {@link JobState#FAILED} or {@link JobState#CANCELLED}
 * @param error
 *            why it failed or was cancelled (null on success)
 * @param result
 *            a small JSON document (null when none)
 */
public record JobOutcome(JobState state, String error, String result) {
    /** The longest result a store keeps, in characters. */
    public static final int MAX_RESULT_CHARS = 4096;
    /** The longest error message a store keeps, in characters (longer ones are cut). */
    public static final int MAX_ERROR_CHARS = 2000;

    public JobOutcome {
        if (state == null || !state.isFinal()) {
            throw new IllegalArgumentException("an outcome's state must be final: " + state);
        }
        if (result != null && result.length() > MAX_RESULT_CHARS) {
            throw new IllegalArgumentException(
                    "a job result must be at most " + MAX_RESULT_CHARS + " characters, got " + result.length());
        }
        if (error != null && error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS - 1) + "…";
        }
    }

    public static JobOutcome succeeded(String result) {
        return new JobOutcome(JobState.SUCCEEDED, null, result);
    }

    public static JobOutcome failed(String error) {
        return new JobOutcome(JobState.FAILED, error, null);
    }

    public static JobOutcome cancelled(String reason) {
        return new JobOutcome(JobState.CANCELLED, reason, null);
    }
}
