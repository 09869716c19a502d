package org.shoptide.engine;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.EventType;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.engine.api.Scenario;

/**
 * Settings of {@link DefaultEngine}. Use {@link #defaults()} and the {@code with...} copies.
 * <p>
 * <b>Event weights.</b> {@code eventWeights} gives the implicit-feedback weight of each built-in type: view 1, click 2,
 * like 3, add_to_cart 4, purchase 8 (per line item). {@code rate} is weighted by its value: {@code (value -
 * rateNeutral) * ratePerPoint}, so a rating under the neutral point is negative. Types with a weight &lt;= 0 are never
 * positive evidence: in realtime state {@code remove_from_cart} only removes the item from the cart, {@code dislike}
 * excludes the item from that user's answers, and {@code refund} keeps the item in the purchased set (so it is not
 * re-recommended); in training, a refund or dislike (or a rating under the neutral point) cancels every earlier
 * positive interaction of that user with that item. {@code impression} and {@code search} have weight 0 (stored, used
 * for analytics only). Custom types take their weight from the shop's {@code customEventWeights}; a custom type without
 * a configured weight is rejected at ingest.
 *
 * @param eventWeights
 *            weight per built-in type (missing types weigh 0)
 * @param rateNeutral
 *            rating that carries no preference (e.g. 2.5 on a 1..5 scale)
 * @param ratePerPoint
 *            weight per rating point above the neutral point
 * @param rateMin
 *            smallest accepted rating value
 * @param rateMax
 *            largest accepted rating value
 * @param maxFutureSkew
 *            events stamped further than this in the future are rejected
 * @param maxEventAge
 *            events older than this are rejected at ingest and ignored by realtime replay and training
 * @param trainingTime
 *            default local time of the daily training (a shop's {@code trainingTime} overrides it)
 * @param trainingZone
 *            zone in which training times are read
 * @param scheduleTraining
 *            whether {@link DefaultEngine#start()} schedules the daily training
 * @param trainingThreads
 *            size of the training executor (trainings of one shop never overlap)
 * @param recentItemsPerUser
 *            bound of the recent-items list of each user or visitor
 * @param sessionItems
 *            bound of the current-session item list
 * @param sessionGap
 *            inactivity after which events without a session id start a new session
 * @param maxPurchasedPerUser
 *            bound of the purchased set kept per user (oldest dropped first)
 * @param maxCartItems
 *            bound of the cart kept per user
 * @param modelsToRetain
 *            model versions kept in the model store per shop
 * @param blendWeights
 *            per scenario, weight of each candidate source ({@code als, cooccurrence, session, content, trending,
 *            popular}); sources absent or 0 are not queried
 * @param defaultN
 *            items returned when a request asks for n = 0
 * @param trendingHalfLife
 *            half-life of the realtime trending counters
 * @param popularityHalfLife
 *            half-life of the realtime popularity counters
 * @param ingestVisibilityTimeout
 *            how long {@code ingest} waits for realtime state to reflect the appended events
 * @param trainingParams
 *            parameters of {@code ModelTrainer}
 * @param itemModels
 *            item-to-item models of {@code org.shoptide.core.algo.Algorithms} trained with every model (name →
 *            parameter overrides), each also a candidate source of that name in the recommendation pipeline, weighted
 *            by {@code blendWeights} like the built-in sources
 * @param durableExposure
 *            true: {@code recommend} returns only after the answer's impression set is on stable storage (the API's
 *            promise); false: it is queued in log order and synced with the next group commit, so a crash may lose the
 *            exposures of the last milliseconds (never one that a later acknowledged event refers to, since syncs are
 *            in log order) but an answer does not wait for an fsync
 * @param holdoutUsers
 *            per training run, up to this many users (at most a tenth of those with three or more items, and only when
 *            that is at least 50) have their latest item left out of the batch model and are used to measure it
 *            (leave-latest-out, {@code TrainingEvaluation}); 0 turns the measurement off
 * @param autoBlendUsers
 *            {@code training.auto-blend}: per training, up to this many users' latest events are held out to tune the
 *            "for you" blend of the shop ({@code BlendTuning}, ADR 0035); 0 serves {@code blendWeights} as configured
 */
public record EngineConfig(Map<EventType, Double> eventWeights, double rateNeutral, double ratePerPoint, double rateMin,
        double rateMax, Duration maxFutureSkew, Duration maxEventAge, LocalTime trainingTime, ZoneId trainingZone,
        boolean scheduleTraining, int trainingThreads, int recentItemsPerUser, int sessionItems, Duration sessionGap,
        int maxPurchasedPerUser, int maxCartItems, int modelsToRetain, Map<Scenario, Map<String, Double>> blendWeights,
        int defaultN, Duration trendingHalfLife, Duration popularityHalfLife, Duration ingestVisibilityTimeout,
        TrainingParams trainingParams, Map<String, Map<String, String>> itemModels, boolean durableExposure,
        int holdoutUsers, int autoBlendUsers) {
    /** Users a training holds out to tune the blend when {@code training.auto-blend} is on (BlendTuning). */
    public static final int AUTO_BLEND_USERS = 2000;

    public EngineConfig {
        Map<String, Map<String, String>> im = new LinkedHashMap<>();
        Objects.requireNonNull(itemModels, "itemModels").forEach((k, v) -> im.put(k, Map.copyOf(v)));
        itemModels = Collections.unmodifiableMap(im);
        Objects.requireNonNull(trainingParams, "trainingParams");
        eventWeights = Map.copyOf(Objects.requireNonNull(eventWeights, "eventWeights"));
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxEventAge, "maxEventAge");
        Objects.requireNonNull(trainingTime, "trainingTime");
        Objects.requireNonNull(trainingZone, "trainingZone");
        Objects.requireNonNull(sessionGap, "sessionGap");
        Objects.requireNonNull(trendingHalfLife, "trendingHalfLife");
        Objects.requireNonNull(popularityHalfLife, "popularityHalfLife");
        Objects.requireNonNull(ingestVisibilityTimeout, "ingestVisibilityTimeout");
        EnumMap<Scenario, Map<String, Double>> bw = new EnumMap<>(Scenario.class);
        Objects.requireNonNull(blendWeights, "blendWeights").forEach((s, m) -> bw.put(s, Map.copyOf(m)));
        blendWeights = Map.copyOf(bw);
        if (rateMin >= rateMax) {
            throw new IllegalArgumentException("rateMin must be < rateMax");
        }
        if (holdoutUsers < 0) {
            throw new IllegalArgumentException("holdoutUsers must be >= 0");
        }
        if (autoBlendUsers < 0) {
            throw new IllegalArgumentException("autoBlendUsers must be >= 0");
        }
        if (trainingThreads < 1 || recentItemsPerUser < 1 || sessionItems < 1 || maxPurchasedPerUser < 1
                || maxCartItems < 1 || modelsToRetain < 1 || defaultN < 1 || defaultN > 100) {
            throw new IllegalArgumentException("sizes must be >= 1 (defaultN 1..100)");
        }
    }

    /** Production defaults; see the class comment for the event weights. */
    public static EngineConfig defaults() {
        Map<EventType, Double> w = new EnumMap<>(EventType.class);
        w.put(EventType.VIEW, 1.0);
        w.put(EventType.CLICK, 2.0);
        w.put(EventType.LIKE, 3.0);
        w.put(EventType.ADD_TO_CART, 4.0);
        w.put(EventType.PURCHASE, 8.0);
        w.put(EventType.REMOVE_FROM_CART, -2.0);
        w.put(EventType.DISLIKE, -3.0);
        w.put(EventType.REFUND, -8.0);
        w.put(EventType.IMPRESSION, 0.0);
        w.put(EventType.SEARCH, 0.0);
        Map<Scenario, Map<String, Double>> blend = new EnumMap<>(Scenario.class);
        blend.put(Scenario.USER, Map.of("als", 1.0, "cooccurrence", 1.0, "session", 1.2, "content", 0.4, "trending",
                0.15, "popular", 0.05, "transitions", 1.0, "query", 3.0, "profile", 3.0));
        blend.put(Scenario.ITEM,
                Map.of("cooccurrence", 1.0, "content", 0.6, "als", 0.4, "trending", 0.05, "query", 3.0));
        blend.put(Scenario.CART,
                Map.of("cooccurrence", 1.0, "content", 0.15, "popular", 0.2, "trending", 0.05, "query", 3.0));
        blend.put(Scenario.TRENDING, Map.of("trending", 1.0, "popular", 0.1, "query", 3.0));
        return new EngineConfig(w, 2.5, 1.5, 1.0, 5.0, Duration.ofMinutes(5), Duration.ofDays(365), LocalTime.of(3, 0),
                ZoneOffset.UTC, true, 1, 50, 10, Duration.ofMinutes(30), 500, 100, 3, blend, 10, Duration.ofHours(12),
                Duration.ofDays(14), Duration.ofSeconds(10), TrainingParams.defaults(), Map.of("transitions", Map.of()),
                true, 500, AUTO_BLEND_USERS);
    }

    /** The weight of a built-in event type (0 when not configured). */
    public double weight(EventType type) {
        return eventWeights.getOrDefault(type, 0.0);
    }

    /** The implicit weight of a rating. */
    public double rateWeight(double value) {
        return (value - rateNeutral) * ratePerPoint;
    }

    /** Blend weight of a source in a scenario (0 when absent). */
    public double blendWeight(Scenario scenario, String source) {
        Map<String, Double> m = blendWeights.get(scenario);
        return m == null ? 0 : m.getOrDefault(source, 0.0);
    }

    public EngineConfig withTraining(LocalTime time, ZoneId zone, boolean schedule) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                time, zone, schedule, trainingThreads, recentItemsPerUser, sessionItems, sessionGap,
                maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    public EngineConfig withModelsToRetain(int keep) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, keep, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    public EngineConfig withTrainingParams(TrainingParams params) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, params, itemModels, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    /** The same settings training and serving these item-to-item models (see {@code itemModels}). */
    public EngineConfig withItemModels(Map<String, Map<String, String>> models) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, models, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    /** The same settings with these blend weights for one scenario (source → weight). */
    public EngineConfig withBlendWeights(Scenario scenario, Map<String, Double> weights) {
        Map<Scenario, Map<String, Double>> bw = new EnumMap<>(Scenario.class);
        bw.putAll(blendWeights);
        bw.put(scenario, weights);
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, bw, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    /** The same settings with exposures synced before answers return, or not (see {@code durableExposure}). */
    public EngineConfig withDurableExposure(boolean durable) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durable, holdoutUsers,
                autoBlendUsers);
    }

    /**
     * The same settings with another event age limit and purchased-set bound (the offline evaluation replays old data
     * and wants whole histories excluded).
     */
    public EngineConfig withHistoryLimits(Duration maxAge, int maxPurchased) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchased, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, holdoutUsers,
                autoBlendUsers);
    }

    /**
     * The same settings holding out the latest item of up to {@code users} users per training run to measure it (0:
     * train on everything, as the offline harness does on its own splits).
     */
    public EngineConfig withHoldoutUsers(int users) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, users,
                autoBlendUsers);
    }

    /**
     * The same settings with the per-shop blend tuning on ({@link #AUTO_BLEND_USERS} hold-out users) or off (the
     * configured {@code blendWeights} serve every shop).
     */
    public EngineConfig withAutoBlend(boolean on) {
        return withAutoBlendUsers(on ? AUTO_BLEND_USERS : 0);
    }

    /** The same settings tuning the blend on up to {@code users} hold-out users per training (0: off). */
    public EngineConfig withAutoBlendUsers(int users) {
        return new EngineConfig(eventWeights, rateNeutral, ratePerPoint, rateMin, rateMax, maxFutureSkew, maxEventAge,
                trainingTime, trainingZone, scheduleTraining, trainingThreads, recentItemsPerUser, sessionItems,
                sessionGap, maxPurchasedPerUser, maxCartItems, modelsToRetain, blendWeights, defaultN, trendingHalfLife,
                popularityHalfLife, ingestVisibilityTimeout, trainingParams, itemModels, durableExposure, holdoutUsers,
                users);
    }

    /** Whether trainings tune each shop's blend ({@code autoBlendUsers > 0}). */
    public boolean autoBlend() {
        return autoBlendUsers > 0;
    }

    /** The per-subject bounds and counter half-lives every realtime state adapter keeps. */
    public RealtimeState.Limits realtimeLimits() {
        return new RealtimeState.Limits(recentItemsPerUser(), sessionItems(), sessionGap().toMillis(),
                maxPurchasedPerUser(), maxCartItems(), maxPurchasedPerUser(), 32, trendingHalfLife().toMillis(),
                popularityHalfLife().toMillis());
    }
}
