package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.EventLog;
import org.shoptide.engine.api.ImpressionProperties;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;

/**
 * Logs each answer as an {@code impression} event with {@code source=server} and the {@link ImpressionProperties} of
 * ADR 0007, so attribution, experiments and learning to rank see what was shown.
 */
final class ExposureLog {
    private static final System.Logger LOG = System.getLogger(ExposureLog.class.getName());

    private final EventLog log;
    private final EngineConfig config;
    private final Clock clock;

    ExposureLog(EventLog log, EngineConfig config, Clock clock) {
        this.log = log;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Appends the answer and, with {@code durableExposure} (the default), waits until it is durable and applied. Either
     * way it is queued before the answer returns, so outcomes sent after the answer are logged after it. An empty
     * answer shows nothing and is not logged.
     */
    void log(ShopRuntime rt, RecommendationRequest req, String subject, String unit, Recommendation out, String model,
            boolean explored, double epsilon) {
        if (out.items().isEmpty()) {
            return;
        }
        List<ShownItem> shown = new ArrayList<>(out.items().size());
        for (RecommendedItem ri : out.items()) {
            shown.add(new ShownItem(ri.itemId(), ri.position()));
        }
        String userId = req.userId() != null ? req.userId()
                : subject != null && !subject.equals(req.anonymousId()) ? subject : null;
        Event e = new Event(null, EventType.IMPRESSION, null, userId, req.anonymousId(), null, clock.instant(), null,
                null, null, null, null, shown,
                new EventContext(req.surface(), out.scenario().wireName(), out.recommendationId()),
                properties(unit, out, model, explored, epsilon).toProperties());
        CompletableFuture<Long> appended = log.append(rt.id, List.of(e));
        if (!config.durableExposure()) {
            // queued in log order (outcomes sent after this answer are logged after it); synced with the next commit
            CompletableFuture<Long> unused = appended.whenComplete((offset, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "shop " + rt.id + ": exposure of recommendation " + out.recommendationId()
                            + " was not logged", failure);
                }
            });
            return;
        }
        long first;
        try {
            first = appended.join();
        } catch (RuntimeException ex) {
            throw AppendFailure.of(ex, "logging the exposure of a recommendation of shop " + rt.id + " failed");
        }
        rt.applied.awaitOrWarn(first + 1, config.ingestVisibilityTimeout());
    }

    /** What an answer's impression event says about it. */
    static ImpressionProperties properties(String unit, Recommendation out, String model, boolean explored,
            double epsilon) {
        TreeSet<String> names = new TreeSet<>();
        out.items().forEach(ri -> names.addAll(ri.sourceScores().keySet()));
        List<Double> scores = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<Map<String, Double>> perSource = new ArrayList<>();
        List<Double> propensities = new ArrayList<>();
        for (RecommendedItem ri : out.items()) {
            scores.add(ri.score());
            sources.add(ri.source());
            perSource.add(ri.sourceScores());
            propensities.add(ri.propensity());
        }
        boolean exploring = epsilon > 0;
        return new ImpressionProperties(ImpressionProperties.SERVER, unit, model, out.modelVersion(), out.ruleVersion(),
                out.experiment() == null ? null : out.experiment().id(),
                out.experiment() == null ? null : out.experiment().variant(), scores, sources, List.copyOf(names),
                perSource, exploring ? epsilon : null, exploring && explored, exploring ? propensities : null);
    }
}
