package org.shoptide.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.DailySchedule;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.jobs.JobHandler;
import org.shoptide.jobs.JobKind;
import org.shoptide.jobs.JobScheduler;
import org.shoptide.jobs.Schedule;
import org.shoptide.lake.LakeSinks;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.trade.Reconciler;

/**
 * The server's background work on the one job scheduler (ADR 0028): the daily training per shop, trade reconciliation,
 * and whatever a feature registers ({@link #register}); its metrics and its HTTP resource.
 */
public final class ServerJobs implements AutoCloseable {
    /** Training of one shop; daily at the shop's training time when {@code training.scheduled} is true. */
    public static final String TRAINING = "training";
    /** Reconciliation of pending payments and refunds, every {@code payment.reconcile-seconds}. */
    public static final String RECONCILE = "trade.reconcile";
    /** Writing the Parquet lake's due batches, every minute, where this node writes the lake. */
    public static final String LAKE_LOAD = "lake.load";

    private final JobScheduler scheduler;
    private final JobMetrics metrics;

    /**
     * @param singleNode
     *            the store belongs to this process alone (embedded SQLite): runs found running at start are recovered
     *            at once
     */
    public ServerJobs(JobStore store, Clock clock, boolean singleNode, MeterRegistry registry) {
        this(store, clock, JobScheduler.Options.defaults(nodeName(), singleNode), registry);
    }

    public ServerJobs(JobStore store, Clock clock, JobScheduler.Options options, MeterRegistry registry) {
        this.metrics = new JobMetrics(registry, clock);
        this.scheduler = new JobScheduler(store, clock, options, metrics);
        metrics.bind(scheduler);
    }

    /** This process's node name: host, process id and a random suffix (a restarted process is a new node). */
    static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        String pid = ManagementFactory.getRuntimeMXBean().getName().replaceAll("@.*", "");
        String name = host + "/" + pid + "/" + HexFormat.of().formatHex(suffix);
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    /** Registers a kind (a one-liner for a periodic job: {@code jobs.register(JobKind.every(...))}). */
    public ServerJobs register(JobKind kind) {
        scheduler.register(kind);
        metrics.kind(kind.name());
        return this;
    }

    /**
     * Training per shop through {@link Engine#train} (its pool and one-training-per-shop rule stay the engine's). With
     * {@code scheduled} it runs daily at each shop's training time (else {@code defaultTime}) in {@code zone}, as
     * {@code training.scheduled} always meant; without, it is only registered on nodes that schedule training, so a
     * cluster trains on its one training node.
     */
    public ServerJobs training(Engine engine, boolean scheduled, LocalTime defaultTime, ZoneId zone) {
        if (!scheduled) {
            return this;
        }
        return onTrainingSchedule(TRAINING, engine, defaultTime, zone, ctx -> reportJson(engine.train(ctx.shop())));
    }

    /**
     * A per-shop job {@code name} on the training schedule (daily at each shop's training time, else
     * {@code defaultTime}, in {@code zone}): training itself, and what is recomputed with it (segments, profiles).
     */
    public ServerJobs onTrainingSchedule(String name, Engine engine, LocalTime defaultTime, ZoneId zone,
            JobHandler handler) {
        Schedule daily = Schedule.daily(shop -> trainingTime(engine, shop, defaultTime), zone);
        return register(JobKind.perShop(name, () -> engine.listShops().stream().map(Shop::id).toList(), daily, handler)
                .withConcurrency(2).withRetries(2, Duration.ofMinutes(5)).withTimeout(Duration.ofHours(6)));
    }

    private static LocalTime trainingTime(Engine engine, ShopId shop, LocalTime defaultTime) {
        String hhmm = engine.shop(shop).map(Shop::trainingTime).orElse(null);
        try {
            return DailySchedule.parseTime(hhmm, defaultTime);
        } catch (IllegalArgumentException e) {
            return defaultTime;
        }
    }

    private static String reportJson(TrainingReport r) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelVersion", r.model().version());
        m.put("events", r.eventsRead());
        m.put("users", r.users());
        m.put("items", r.items());
        m.put("tookMs", r.took().toMillis());
        return Json.MAPPER.writeValueAsString(m);
    }

    /** Trade reconciliation every {@code every}; a failed pass is not retried (the next one comes soon). */
    public ServerJobs reconciliation(Reconciler reconciler, Duration every) {
        return register(JobKind.every(RECONCILE, every, ctx -> {
            Reconciler.Report r = reconciler.run();
            return Json.MAPPER.writeValueAsString(r);
        }).withRetries(1, Duration.ZERO).withTimeout(Duration.ofMinutes(10)));
    }

    /**
     * Lake loads every {@code every}: each shop's buffered events whose oldest waited the sinks' {@code maxDelay} are
     * written to the Parquet lake ({@link LakeSinks#flushDue}); the result counts the events per shop. Not retried: a
     * stopped sink stays stopped until a restart (the log still has its events), and the next run reports it again.
     */
    public ServerJobs lakeLoads(LakeSinks sinks, Duration every) {
        return register(JobKind.every(LAKE_LOAD, every, ctx -> {
            Map<ShopId, Integer> written = sinks.flushDue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", written.values().stream().mapToLong(Integer::longValue).sum());
            Map<String, Integer> perShop = new LinkedHashMap<>();
            written.forEach((shop, n) -> perShop.put(shop.value(), n));
            m.put("shops", perShop.size() > 50 ? Map.of() : perShop);
            return Json.MAPPER.writeValueAsString(m);
        }).withRetries(1, Duration.ZERO).withTimeout(Duration.ofMinutes(30)));
    }

    public JobScheduler scheduler() {
        return scheduler;
    }

    /** The {@code /v1/jobs} routes. */
    public List<Resource> resources(RequestBody body) {
        return List.of(new JobsResource(scheduler, body));
    }

    /** Recovers what a dead process left and starts ticking. */
    public void start() {
        scheduler.start();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
