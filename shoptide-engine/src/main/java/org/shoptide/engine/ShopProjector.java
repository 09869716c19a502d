package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Set;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.engine.api.ImpressionProperties;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.rules.Rule;
import org.shoptide.engine.rules.RuleSet;

/**
 * Applies a shop's log records to everything derived from them: realtime state, the stored client event ids, and the
 * exposure bookkeeping (impression sets, attribution, experiment counters, rotation counts). Events older than
 * {@code maxEventAge} only contribute their client id.
 * <p>
 * A start-up {@link #replay} runs on two threads: client ids and exposures (about a quarter of the work at 10M events)
 * go to a {@link ReplaySideWork} thread in log order, realtime state stays on the caller's; {@link #accept} (the log
 * subscription) does both in one.
 * <p>
 * A {@linkplain RealtimeState#shared() shared} realtime state (several engine nodes, one Redis) gets every event
 * through {@link RealtimeState#applyOnce}, so whichever node reaches an event first applies it and the others skip it.
 * When the state answers {@link RealtimeState.Applied#GAP GAP} it expects an earlier offset: if that offset lies
 * between the previous event this node saw and this one, the offsets in between were erased from the log and are
 * skipped; otherwise the state lost data (a Redis restart without persistence) and is rebuilt by replaying the log from
 * the offset it expects.
 */
final class ShopProjector implements EventProjector {
    private static final System.Logger LOG = System.getLogger(ShopProjector.class.getName());

    private final ShopRuntime rt;
    private final EngineConfig config;
    private final Clock clock;
    private final EventLog log;
    private final boolean shared;
    /** Offset of the last event this projector saw, -1 before the first (one thread at a time: replay, then tail). */
    private long lastSeen = -1;

    ShopProjector(ShopRuntime rt, EngineConfig config, Clock clock, EventLog log) {
        this.rt = rt;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.shared = rt.realtime.shared();
    }

    /**
     * Applies the whole log from offset 0 and returns the offset after the last record. A shared realtime state only
     * gets the events from the offset it expects (the rest it has from another node or an earlier run).
     */
    long replay() {
        long[] next = { 0 };
        long sharedFrom = shared ? rt.realtime.appliedOffset() : 0;
        try (ReplaySideWork<LoggedEvent> side = new ReplaySideWork<>(rt.id, this::applySide)) {
            log.replay(rt.id, 0, le -> {
                side.add(le);
                if (!shared) {
                    applySafely(le, false);
                } else if (le.offset() >= sharedFrom) {
                    applyShared(le, false);
                }
                lastSeen = le.offset();
                next[0] = le.offset() + 1;
            });
        }
        rt.applied.advance(next[0]);
        return next[0];
    }

    @Override
    public void accept(LoggedEvent le) {
        if (shared) {
            applyShared(le, true);
        } else {
            applySafely(le, true);
        }
        lastSeen = le.offset();
        rt.applied.advance(le.offset() + 1);
    }

    /** One event into a shared realtime state, exactly once across nodes (see the class comment). */
    private void applyShared(LoggedEvent le, boolean whole) {
        try {
            if (whole) {
                applyNonRealtime(le.event());
            }
            RealtimeState rs = rt.realtime;
            Runnable changes = () -> applyRealtime(le.event());
            if (rs.applyOnce(le.offset(), changes) != RealtimeState.Applied.GAP) {
                return;
            }
            long expected = rs.appliedOffset();
            if (expected > lastSeen) { // offsets expected .. offset-1 were erased from the log
                for (long o = expected; o < le.offset(); o++) {
                    rs.applyOnce(o, ShopProjector::nothing);
                }
                rs.applyOnce(le.offset(), changes);
            } else {
                rebuild(expected);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not applied", e);
        }
    }

    /** The effect of an offset erased from the log. */
    private static void nothing() {
        // an erased event changes nothing
    }

    /** Replays the log from {@code from} into the shared realtime state, which lost the events from there on. */
    private void rebuild(long from) {
        LOG.log(Level.WARNING, "shop {0}: the shared realtime state expects offset {1}; rebuilding it from the log",
                rt.id, from);
        long t0 = System.nanoTime();
        RealtimeState rs = rt.realtime;
        long[] prev = { from - 1 };
        long[] applied = { 0 };
        log.replay(rt.id, from, le -> {
            Runnable changes = () -> applyRealtime(le.event());
            if (rs.applyOnce(le.offset(), changes) == RealtimeState.Applied.GAP && rs.appliedOffset() > prev[0]) {
                for (long o = rs.appliedOffset(); o < le.offset(); o++) {
                    rs.applyOnce(o, ShopProjector::nothing);
                }
                rs.applyOnce(le.offset(), changes);
            }
            prev[0] = le.offset();
            applied[0]++;
        });
        LOG.log(Level.INFO, "shop {0}: shared realtime state rebuilt from offset {1} ({2} events, {3} ms)", rt.id, from,
                applied[0], (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Rebuilds the realtime state of {@code subjects} from the whole log, each event going to the subject the alias
     * cache names now (after an undone merge: the user without the visitor's events, the visitor on its own). The
     * subjects' state is dropped first. Item counters get the replayed events' activity a second time (decayed like the
     * rest; the port has no per-subject replay), and an event of these subjects ingested while the rebuild runs may
     * count twice; both are gone at the next restart. Cost: one pass over the shop's log.
     */
    void rebuildSubjects(Set<String> subjects) {
        RealtimeState rs = rt.realtime;
        for (String s : subjects) {
            rs.drop(s);
        }
        log.replay(rt.id, 0, le -> {
            Event e = le.event();
            String subject = rt.aliases.subject(e.userId(), e.anonymousId());
            if (subject != null && subjects.contains(subject)) {
                try {
                    applyRealtime(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not re-applied",
                            ex);
                }
            }
        });
    }

    @Override
    public long appliedOffset() {
        return rt.applied.next();
    }

    /** The part of a record that {@link #replay} runs on its second thread: the client id and exposures. */
    private void applySide(LoggedEvent le) {
        try {
            applyNonRealtime(le.event());
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not applied", ex);
        }
    }

    private void applySafely(LoggedEvent le, boolean whole) {
        try {
            apply(le.event(), whole);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not applied", e);
        }
    }

    private boolean fresh(long t) {
        return t >= clock.millis() - config.maxEventAge().toMillis();
    }

    /**
     * Applies one event to realtime state and, when {@code whole}, to the client ids and exposures too (else
     * {@link #applySide} does those).
     */
    private void apply(Event e, boolean whole) {
        if (whole) {
            applyNonRealtime(e);
        }
        applyRealtime(e);
    }

    /** The client id and the exposure bookkeeping of one event. */
    private void applyNonRealtime(Event e) {
        if (e.clientEventId() != null) {
            rt.eventIds.stored(e.clientEventId());
        }
        long t = e.timestamp().toEpochMilli();
        if (fresh(t)) {
            String subject = rt.aliases.subject(e.userId(), e.anonymousId());
            applyExposure(e, subject, t);
            applyInterest(e, subject, t);
        }
    }

    /** The effect of one event on realtime state (none for events older than {@code maxEventAge}). */
    private void applyRealtime(Event e) {
        long t = e.timestamp().toEpochMilli();
        if (!fresh(t)) {
            return;
        }
        String subject = rt.aliases.subject(e.userId(), e.anonymousId());
        if (subject == null) {
            return;
        }
        RealtimeState rs = rt.realtime;
        float w = (float) EventWeights.weight(config, rt.settings.cached(), e);
        String item = rt.catalog.canonicalId(e.itemId());
        switch (e.type()) {
            case VIEW, CLICK, LIKE, CUSTOM -> {
                if (item != null && w > 0) {
                    rs.interact(subject, item, Interaction.ENGAGE, w, e.sessionId(), t);
                }
            }
            case RATE -> {
                if (w != 0) {
                    rs.interact(subject, item, w > 0 ? Interaction.ENGAGE : Interaction.DISLIKE, w, e.sessionId(), t);
                }
            }
            case ADD_TO_CART -> rs.interact(subject, item, Interaction.ADD_TO_CART, Math.max(w, 0), e.sessionId(), t);
            case REMOVE_FROM_CART -> rs.interact(subject, item, Interaction.REMOVE_FROM_CART, 0, e.sessionId(), t);
            case DISLIKE -> rs.interact(subject, item, Interaction.DISLIKE, 0, e.sessionId(), t);
            case PURCHASE -> {
                for (LineItem li : e.lineItems()) {
                    rs.interact(subject, rt.catalog.canonicalId(li.itemId()), Interaction.PURCHASE, Math.max(w, 0),
                            e.sessionId(), t);
                }
            }
            // refunds keep the item in the purchased set; impressions and searches carry no item preference
            case REFUND, IMPRESSION, SEARCH -> {
            }
        }
    }

    /** Who cared about which item, for price-drop notices: views, add-to-carts and the items an impression showed. */
    private void applyInterest(Event e, String subject, long t) {
        if (subject == null) {
            return;
        }
        switch (e.type()) {
            case VIEW, ADD_TO_CART -> rt.interest.touch(rt.catalog.canonicalId(e.itemId()), subject, t);
            case IMPRESSION -> {
                for (ShownItem s : e.shown()) {
                    rt.interest.touch(rt.catalog.canonicalId(s.itemId()), subject, t);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Exposure and attribution bookkeeping of one event, in log order: impression sets, attributed clicks, add-to-carts
     * and purchase lines, experiment counters, and the interactions that end an item's unengaged run for the rotation
     * rule.
     */
    private void applyExposure(Event e, String subject, long t) {
        Rule.Rotation rotation = rotationRule(rt.policies.rules());
        long window = rt.settings.cached().attributionWindowMinutes() * 60_000L;
        String recId = e.context().recommendationId();
        Exposures exposures = rt.exposures;
        rt.business.event(e, subject);
        switch (e.type()) {
            case IMPRESSION -> {
                ImpressionProperties p = ImpressionProperties.parseForAttribution(e.properties());
                if (p.server()) {
                    LiveExperiment x = rt.policies.experiment(p.experiment());
                    int variant = x == null ? -1 : x.variantIndex(p.variant());
                    exposures.server(e, p, subject, variant < 0 ? null : p.experiment(), variant, rotation);
                    if (variant >= 0 && p.unit() != null) {
                        x.counters.exposure(variant, p.unit(), subject);
                    }
                } else {
                    exposures.client(e, subject, rotation);
                }
            }
            case CLICK, ADD_TO_CART -> {
                Exposure x = exposures.attribute(recId, subject, e.itemId(), t, window);
                exposures.interaction(subject, e.itemId());
                LiveExperiment le = x == null ? null : rt.policies.experiment(x.experimentId);
                if (le != null && le.covers(t)) {
                    if (e.type() == EventType.CLICK) {
                        le.counters.click(x.variant, x.unit, !x.clicked);
                    } else {
                        le.counters.addToCart(x.variant);
                    }
                }
                if (x != null) {
                    exposures.outcome(x, e.itemId(), e.type() == EventType.CLICK ? 0 : 1, 0);
                    if (e.type() == EventType.CLICK) {
                        x.clicked = true;
                    }
                }
            }
            case PURCHASE -> {
                double total = 0;
                int[] attribution = new int[e.lineItems().size()];
                for (int i = 0; i < attribution.length; i++) {
                    LineItem li = e.lineItems().get(i);
                    total += li.total();
                    Exposure x = exposures.attribute(recId, subject, li.itemId(), t, window);
                    if (x != null) {
                        attribution[i] = RecommendationRequest.ASSISTANT.equals(x.page) ? 2 : 1;
                    }
                    exposures.interaction(subject, li.itemId());
                    if (x != null) {
                        exposures.outcome(x, li.itemId(), 2, li.total());
                    }
                    LiveExperiment le = x == null ? null : rt.policies.experiment(x.experimentId);
                    if (le != null && le.covers(t) && x.unit != null) {
                        le.counters.attributedRevenue(x.variant, x.unit, li.total());
                    }
                }
                for (LiveExperiment le : rt.policies.experiments()) {
                    if (le.covers(t)) {
                        le.counters.purchase(e.userId(), e.anonymousId(), subject, total);
                    }
                }
                rt.business.purchase(e, subject, attribution);
            }
            case REFUND -> rt.business.refund(e);
            case VIEW, LIKE, RATE, CUSTOM -> exposures.interaction(subject, e.itemId());
            default -> {
            }
        }
    }

    /** The strictest rotation rule of any scenario (counts are kept per user and item, whatever the scenario). */
    private static Rule.Rotation rotationRule(RuleSet rules) {
        Rule.Rotation best = null;
        for (Rule r : rules.rules()) {
            if (r instanceof Rule.Rotation ro && (best == null || ro.afterImpressions() < best.afterImpressions())) {
                best = ro;
            }
        }
        return best;
    }
}
