package org.shoptide.jobs;

import java.util.function.BooleanSupplier;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.shop.ShopId;

/** What a handler knows about the run it does. */
public final class JobContext {
    private final JobRun run;
    private final BooleanSupplier stopping;

    JobContext(JobRun run, BooleanSupplier stopping) {
        this.run = run;
        this.stopping = stopping;
    }

    /** The run as claimed (state running). */
    public JobRun run() {
        return run;
    }

    /** The shop of a per-shop kind's run; null for a server-wide kind. */
    public ShopId shop() {
        return run.shop();
    }

    /** 1 on the first try, n on the (n-1)th retry. */
    public int attempt() {
        return run.attempt();
    }

    /** True once the run was cancelled, timed out or the server is stopping: the handler should return soon. */
    public boolean cancelled() {
        return stopping.getAsBoolean() || Thread.currentThread().isInterrupted();
    }
}
