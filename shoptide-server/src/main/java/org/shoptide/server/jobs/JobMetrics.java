package org.shoptide.server.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.jobs.JobListener;
import org.shoptide.jobs.JobScheduler;

/**
 * The scheduler's Prometheus metrics: {@code shoptide_job_runs_total{kind,outcome}} (runs ended by this node, outcome
 * succeeded, failed or cancelled), {@code shoptide_job_running} (runs running on this node) and
 * {@code shoptide_job_last_success_age_seconds{kind}} (seconds since the kind's last successful run on any node; NaN
 * before the first), which staleness alerts watch.
 */
final class JobMetrics implements JobListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> kindsWithAge = ConcurrentHashMap.newKeySet();
    private volatile Supplier<JobScheduler> scheduler = () -> null;

    JobMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void bind(JobScheduler s) {
        scheduler = () -> s;
        Gauge.builder("shoptide.job.running", s, JobScheduler::runningCount)
                .description("Job runs running on this node").register(registry);
    }

    /** Registers the kind's last-success age gauge (once per kind). */
    void kind(String kind) {
        if (kindsWithAge.add(kind)) {
            Gauge.builder("shoptide.job.last.success.age.seconds", () -> ageSeconds(kind)).tag("kind", kind)
                    .description("Seconds since the kind's last successful run (NaN: none yet)").register(registry);
        }
    }

    private double ageSeconds(String kind) {
        JobScheduler s = scheduler.get();
        Instant last = s == null ? null : s.lastSuccess().get(kind);
        return last == null ? Double.NaN : Math.max(0, Duration.between(last, clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public void finished(JobRun run, JobOutcome outcome) {
        Counter.builder("shoptide.job.runs").description("Job runs ended, by kind and outcome").tag("kind", run.kind())
                .tag("outcome", outcome.state().wire()).register(registry).increment();
    }
}
