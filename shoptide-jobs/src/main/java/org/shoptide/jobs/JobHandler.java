package org.shoptide.jobs;

/**
 * The work of a job kind. Runs on a scheduler worker thread; should stop soon when interrupted (a time-out, a cancel or
 * the server stopping interrupts it) and may poll {@link JobContext#cancelled()}.
 */
@FunctionalInterface
public interface JobHandler {
    /**
     * Does one run.
     *
     * @return a small JSON document describing what was done (kept with the run, at most 4096 characters), or null
     *
     * @throws Exception
     *             when the run failed: its message is kept as the run's error, and the run is retried if its kind has
     *             attempts left
     */
    String run(JobContext context) throws Exception;
}
