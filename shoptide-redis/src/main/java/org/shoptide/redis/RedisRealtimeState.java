package org.shoptide.redis;

import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.realtime.SubjectProfile;

/**
 * {@link RealtimeState} of one shop in Redis, shared by every engine node (see ADR 0023). Keys, all with the shop's
 * hash tag so one script may touch them together (and Redis Cluster keeps a shop on one slot):
 *
 * <pre>
 * {prefix}{shop}:rt:users     hash  subject → profile ({@link ProfileCodec})
 * {prefix}{shop}:rt:items     hash  item → "trending popularity epochMillis" (decayed values as of that time)
 * {prefix}{shop}:rt:version   string  item version, bumped by every counter change
 * {prefix}{shop}:rt:applied   string  next log offset expected (absent = 0)
 * </pre>
 *
 * <b>Writes</b> are computed on the node with the rules of {@link SubjectProfile} (the in-memory ones) and committed by
 * one Lua script that checks the log offset, checks that every profile it read is unchanged (else the node re-reads and
 * recomputes), writes the profiles and updates the item counters with the same decay arithmetic as the in-memory state,
 * so the outcome depends on the events only, never on the node. Inside {@link #applyOnce} the calls of {@code changes}
 * on the calling thread are recorded and committed together with the offset; outside it every call commits on its own
 * (no offset check). Reads inside {@code changes} see the stored state, not the pending changes.
 * <p>
 * <b>Costs</b>: {@link #user} one HGET; {@link #trending}/{@link #popularity} one HGET; {@link #itemVersion} one GET;
 * {@link #forEachItem} an HSCAN of the items hash (callers cache by item version); an applied event one GET of the
 * offset, one HGET per subject it touches and one EVALSHA; an event another node already applied one GET.
 * <p>
 * <b>Failures</b>: every call fails within the connection's timeout with a {@link StoreException} while Redis is
 * unreachable and works again once it is back. A Redis that lost its data answers offset 0: {@link #applyOnce} then
 * answers {@link Applied#GAP} and the engine replays the log.
 */
final class RedisRealtimeState implements RealtimeState {
    private static final int MAX_ATTEMPTS = 100;
    private static final int SCAN_BATCH = 1000;

    private final Redis redis;
    private final LuaScript apply;
    private final String usersKey;
    private final String itemsKey;
    private final String appliedKey;
    private final String[] keys;
    private final String versionKey;
    private final Limits limits;
    private final Function<String, List<String>> categoriesOf;
    /** The step {@link #applyOnce} is recording on this thread, and the state it belongs to. */
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private record Pending(RedisRealtimeState state, Step step) {
    }

    RedisRealtimeState(Redis redis, LuaScript apply, String keyPrefix, Limits limits,
            Function<String, List<String>> categoriesOf) {
        this.redis = redis;
        this.apply = apply;
        this.usersKey = keyPrefix + "users";
        this.itemsKey = keyPrefix + "items";
        this.versionKey = keyPrefix + "version";
        this.appliedKey = keyPrefix + "applied";
        this.keys = new String[] { appliedKey, usersKey, itemsKey, versionKey };
        this.limits = limits;
        this.categoriesOf = categoriesOf;
    }

    // ---- changes

    /** One recorded call; replayed on fresh reads when the commit finds a profile changed meanwhile. */
    private sealed interface Op permits Interact, Merge, Drop {
    }

    private record Interact(String subject, String item, Interaction kind, float weight, String sessionId, long t,
            List<String> cats) implements Op {
    }

    private record Merge(String from, String into) implements Op {
    }

    private record Drop(String subject) implements Op {
    }

    @Override
    public void interact(String subject, String itemId, Interaction kind, float weight, String sessionId,
            long epochMillis) {
        List<String> cats = SubjectProfile.countsForItem(kind, weight) ? List.copyOf(categoriesOf.apply(itemId))
                : List.of();
        record(new Interact(subject, itemId, kind, weight, sessionId, epochMillis, cats));
    }

    @Override
    public void merge(String from, String into) {
        if (!from.equals(into)) {
            record(new Merge(from, into));
        }
    }

    @Override
    public boolean drop(String subject) {
        return record(new Drop(subject));
    }

    private boolean record(Op op) {
        Pending p = PENDING.get();
        if (p != null && p.state() == this) {
            p.step().ops.add(op);
            return p.step().run(op);
        }
        Step single = new Step();
        single.ops.add(op);
        boolean result = single.run(op);
        commit(single, -1);
        return result;
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * Records the calls {@code changes} makes on this thread and commits them with the offset in one script. When
     * {@code changes} throws a {@link RuntimeException} other than a {@link StoreException}, what it recorded before is
     * committed with the offset (as the in-memory state keeps what ran) and the exception is rethrown, so one bad event
     * never stops the log; a {@link StoreException} commits nothing.
     */
    @Override
    public Applied applyOnce(long offset, Runnable changes) {
        if (offset < 0) {
            throw new IllegalArgumentException("log offset must be >= 0, got " + offset);
        }
        if (PENDING.get() != null) {
            throw new IllegalStateException("applyOnce does not nest: changes of offset " + offset
                    + " were requested while another offset is being applied on this thread");
        }
        long expected = appliedOffset();
        if (expected > offset) {
            return Applied.ALREADY;
        }
        if (expected < offset) {
            return Applied.GAP;
        }
        Step step = new Step();
        PENDING.set(new Pending(this, step));
        RuntimeException failure = null;
        try {
            changes.run();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            PENDING.remove();
        }
        Applied result;
        try {
            result = commit(step, offset);
        } catch (RuntimeException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    @Override
    public long appliedOffset() {
        byte[] v = redis.call("read the applied offset", () -> redis.sync().get(appliedKey));
        return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
    }

    /** Commits a step; on a concurrent profile change re-reads and replays its calls. */
    private Applied commit(Step first, long offset) {
        Step step = first;
        for (int attempt = 1;; attempt++) {
            List<byte[]> args = new ArrayList<>();
            args.add(offset < 0 ? LuaScript.arg("-") : LuaScript.arg(offset));
            args.add(LuaScript.arg(limits.trendingHalfLifeMillis()));
            args.add(LuaScript.arg(limits.popularityHalfLifeMillis()));
            args.add(LuaScript.arg(step.subjects.size()));
            for (Map.Entry<String, Entry> e : step.subjects.entrySet()) {
                args.add(LuaScript.arg(e.getKey()));
                args.add(e.getValue().read);
                SubjectProfile p = e.getValue().profile;
                args.add(p == null ? new byte[0] : ProfileCodec.encode(p.export()));
            }
            args.add(LuaScript.arg(step.itemOps.size()));
            for (Interact i : step.itemOps) {
                args.add(LuaScript.arg(i.item()));
                args.add(LuaScript.arg(Double.toString(i.weight())));
                args.add(LuaScript.arg(i.t()));
            }
            List<Object> reply = apply.run(redis, keys, args.toArray(new byte[0][]));
            String status = LuaScript.text(reply.get(0));
            switch (status) {
                case "APPLIED" -> {
                    return Applied.APPLIED;
                }
                case "ALREADY" -> {
                    return Applied.ALREADY;
                }
                case "GAP" -> {
                    return Applied.GAP;
                }
                case "CONFLICT" -> {
                    if (attempt == MAX_ATTEMPTS) {
                        throw new StoreException("realtime profiles of " + step.subjects.keySet() + " kept changing "
                                + "during " + MAX_ATTEMPTS + " attempts to apply " + step.ops.size() + " change(s)");
                    }
                    Step again = new Step();
                    for (Op op : step.ops) {
                        again.ops.add(op);
                        again.run(op);
                    }
                    step = again;
                }
                default -> throw new StoreException("unexpected reply from the realtime apply script: " + status);
            }
        }
    }

    /** A subject's profile as read from Redis ({@code read}, empty when absent) and as changed by the step. */
    private static final class Entry {
        final byte[] read;
        SubjectProfile profile;

        Entry(byte[] read, SubjectProfile profile) {
            this.read = read;
            this.profile = profile;
        }
    }

    /** The changes of one commit, worked out on this node against profiles read on first touch. */
    private final class Step {
        final List<Op> ops = new ArrayList<>();
        final Map<String, Entry> subjects = new LinkedHashMap<>();
        final List<Interact> itemOps = new ArrayList<>();

        boolean run(Op op) {
            return switch (op) {
                case Interact i -> interact(i);
                case Merge m -> merge(m);
                case Drop d -> drop(d);
            };
        }

        private boolean interact(Interact i) {
            Entry e = entry(i.subject());
            if (e.profile == null) {
                e.profile = new SubjectProfile(limits);
            }
            e.profile.apply(i.item(), i.kind(), i.weight(), i.sessionId(), i.t(), i.cats());
            if (SubjectProfile.countsForItem(i.kind(), i.weight())) {
                itemOps.add(i);
            }
            return true;
        }

        private boolean merge(Merge m) {
            Entry src = entry(m.from());
            if (src.profile == null) {
                return false;
            }
            Entry dst = entry(m.into());
            if (dst.profile == null) {
                dst.profile = new SubjectProfile(limits);
            }
            dst.profile.absorb(src.profile.export());
            src.profile = null;
            return true;
        }

        private boolean drop(Drop d) {
            Entry e = entry(d.subject());
            boolean existed = e.profile != null;
            e.profile = null;
            return existed;
        }

        private Entry entry(String subject) {
            Entry e = subjects.get(subject);
            if (e == null) {
                byte[] stored = redis.call("read a realtime profile", () -> redis.sync().hget(usersKey, subject));
                e = stored == null ? new Entry(new byte[0], null)
                        : new Entry(stored, SubjectProfile.restore(limits, ProfileCodec.decode(stored)));
                subjects.put(subject, e);
            }
            return e;
        }
    }

    // ---- reads

    @Override
    public Optional<UserSnapshot> user(String subject) {
        byte[] stored = redis.call("read a realtime profile", () -> redis.sync().hget(usersKey, subject));
        if (stored == null) {
            return Optional.empty();
        }
        SubjectProfile.State s = ProfileCodec.decode(stored);
        return Optional
                .of(new UserSnapshot(s.recent(), s.weights(), s.times(), s.sessionItems(), Set.copyOf(s.purchased()),
                        Set.copyOf(s.cart()), Set.copyOf(s.disliked()), Map.copyOf(s.categories()), s.lastMillis()));
    }

    @Override
    public double trending(String itemId, long nowMillis) {
        Counter c = counter(itemId);
        return c == null ? 0 : decay(c.trending, c.at, nowMillis, limits.trendingHalfLifeMillis());
    }

    @Override
    public double popularity(String itemId, long nowMillis) {
        Counter c = counter(itemId);
        return c == null ? 0 : decay(c.popularity, c.at, nowMillis, limits.popularityHalfLifeMillis());
    }

    private Counter counter(String itemId) {
        byte[] v = redis.call("read an item counter", () -> redis.sync().hget(itemsKey, itemId));
        return v == null ? null : Counter.parse(v);
    }

    @Override
    public long itemVersion() {
        byte[] v = redis.call("read the item version", () -> redis.sync().get(versionKey));
        return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
    }

    /**
     * Scans the items hash in batches; an item the scan returns twice (it may, while the hash grows) is visited once.
     */
    @Override
    public void forEachItem(ItemVisitor visitor, long nowMillis) {
        Set<String> seen = new HashSet<>();
        ScanArgs batch = ScanArgs.Builder.limit(SCAN_BATCH);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            MapScanCursor<String, byte[]> page = redis.call("scan the item counters",
                    () -> redis.sync().hscan(itemsKey, from, batch));
            for (Map.Entry<String, byte[]> e : page.getMap().entrySet()) {
                if (seen.add(e.getKey())) {
                    Counter c = Counter.parse(e.getValue());
                    visitor.visit(e.getKey(), decay(c.trending, c.at, nowMillis, limits.trendingHalfLifeMillis()),
                            decay(c.popularity, c.at, nowMillis, limits.popularityHalfLifeMillis()));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public int subjects() {
        long n = redis.call("count realtime profiles", () -> redis.sync().hlen(usersKey));
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** Same arithmetic as the in-memory state and the apply script. */
    static double decay(double value, long fromMillis, long toMillis, long halfLifeMillis) {
        long dt = toMillis - fromMillis;
        return dt <= 0 ? value : value * Math.pow(0.5, (double) dt / halfLifeMillis);
    }

    /** An item's stored counters: decayed values as of {@code at}. */
    private record Counter(double trending, double popularity, long at) {
        static Counter parse(byte[] stored) {
            String[] f = new String(stored, StandardCharsets.US_ASCII).split(" ");
            if (f.length != 3) {
                throw new IllegalStateException("stored item counter is malformed: " + String.join(" ", f));
            }
            return new Counter(Double.parseDouble(f[0]), Double.parseDouble(f[1]), (long) Double.parseDouble(f[2]));
        }
    }
}
