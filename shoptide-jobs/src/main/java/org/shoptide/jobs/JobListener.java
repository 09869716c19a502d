package org.shoptide.jobs;

import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;

/** Told when a run of this node (or one it recovered) ends; for metrics. Must not throw or block. */
@FunctionalInterface
public interface JobListener {
    JobListener NONE = (run, outcome) -> {
    };

    void finished(JobRun run, JobOutcome outcome);
}
