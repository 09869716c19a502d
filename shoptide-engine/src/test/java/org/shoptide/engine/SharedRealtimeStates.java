package org.shoptide.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;

/**
 * One realtime state per shop shared by every engine that opens it, with the apply-once semantics of
 * {@link RealtimeState#applyOnce} (what the Redis adapter does across processes, here across engines in one JVM).
 * {@link State#lose} forgets everything, as a Redis restart without persistence does.
 */
final class SharedRealtimeStates implements RealtimeState.Factory {
    private final Map<ShopId, State> states = new ConcurrentHashMap<>();

    @Override
    public RealtimeState open(ShopId shop, RealtimeState.Limits limits, Function<String, List<String>> categoriesOf) {
        return states.computeIfAbsent(shop, s -> new State(limits, categoriesOf));
    }

    State of(ShopId shop) {
        return states.get(shop);
    }

    /** A shared state: each offset's changes run once, under one lock, in offset order. */
    static final class State implements RealtimeState {
        private final RealtimeState.Limits limits;
        private final Function<String, List<String>> categoriesOf;
        private volatile InMemoryRealtimeState inner;
        private long applied;
        /** Interactions applied since the last {@link #lose}. */
        final AtomicLong interactions = new AtomicLong();

        State(RealtimeState.Limits limits, Function<String, List<String>> categoriesOf) {
            this.limits = limits;
            this.categoriesOf = categoriesOf;
            this.inner = new InMemoryRealtimeState(limits, categoriesOf);
        }

        synchronized void lose() {
            inner = new InMemoryRealtimeState(limits, categoriesOf);
            applied = 0;
            interactions.set(0);
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public synchronized Applied applyOnce(long offset, Runnable changes) {
            if (applied > offset) {
                return Applied.ALREADY;
            }
            if (applied < offset) {
                return Applied.GAP;
            }
            changes.run();
            applied = offset + 1;
            return Applied.APPLIED;
        }

        @Override
        public synchronized long appliedOffset() {
            return applied;
        }

        @Override
        public void interact(String subject, String itemId, Interaction kind, float weight, String sessionId,
                long epochMillis) {
            interactions.incrementAndGet();
            inner.interact(subject, itemId, kind, weight, sessionId, epochMillis);
        }

        @Override
        public Optional<UserSnapshot> user(String subject) {
            return inner.user(subject);
        }

        @Override
        public void merge(String from, String into) {
            inner.merge(from, into);
        }

        @Override
        public boolean drop(String subject) {
            return inner.drop(subject);
        }

        @Override
        public double trending(String itemId, long nowMillis) {
            return inner.trending(itemId, nowMillis);
        }

        @Override
        public double popularity(String itemId, long nowMillis) {
            return inner.popularity(itemId, nowMillis);
        }

        @Override
        public long itemVersion() {
            return inner.itemVersion();
        }

        @Override
        public void forEachItem(ItemVisitor visitor, long nowMillis) {
            inner.forEachItem(visitor, nowMillis);
        }

        @Override
        public int subjects() {
            return inner.subjects();
        }
    }
}
