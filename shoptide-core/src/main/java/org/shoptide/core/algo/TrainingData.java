package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.event.EventType;

/**
 * Interactions to train on, aggregated per (user, item) pair. User and item ids are interned to dense indexes in order
 * of first appearance. Per pair it keeps the summed confidence weight (the caller decides each event's weight, and may
 * pass negative weights for refunds or dislikes), the set of event types seen (a bit mask, bit {@code 1 << code}) and
 * the latest timestamp. {@link #byUser()} and {@link #byItem()} give compressed sparse row (CSR) views.
 * <p>
 * Not thread-safe: fill it from one thread, then train.
 */
public final class TrainingData {
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private String[] userIds = new String[16];
    private String[] itemIds = new String[16];
    private int users;
    private int items;

    private int[] pairUser = new int[16];
    private int[] pairItem = new int[16];
    private float[] pairWeight = new float[16];
    private int[] pairMask = new int[16];
    private long[] pairLast = new long[16];
    private int pairs;
    private long events;
    /** Open addressing table of pair index + 1 (0 = empty), capacity a power of two. */
    private int[] table = new int[64];

    private Csr byUser;
    private Csr byItem;

    /**
     * One pair of the user-item matrix in CSR form: the entries of row {@code r} are
     * {@code [offsets[r], offsets[r+1])}, with column {@code indexes[k]} in ascending order, summed weight
     * {@code weights[k]}, event-type mask {@code typeMasks[k]} and latest timestamp {@code lastSeen[k]} (epoch ms).
     */
    public record Csr(int rows, int cols, int[] offsets, int[] indexes, float[] weights, int[] typeMasks,
            long[] lastSeen) {
        public int nnz() {
            return offsets[rows];
        }

        public int rowLength(int row) {
            return offsets[row + 1] - offsets[row];
        }
    }

    /** Records one event; {@code weight} is the confidence the caller gives this event type. */
    public void add(String userId, String itemId, EventType type, float weight, long epochMillis) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(type, "type");
        if (!Float.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite: " + weight);
        }
        int u = intern(userId, true);
        int i = intern(itemId, false);
        int p = findOrAddPair(u, i);
        pairWeight[p] += weight;
        pairMask[p] |= 1 << type.code();
        if (epochMillis > pairLast[p]) {
            pairLast[p] = epochMillis;
        }
        events++;
        byUser = null;
        byItem = null;
    }

    private int intern(String id, boolean user) {
        Map<String, Integer> index = user ? userIndex : itemIndex;
        Integer existing = index.get(id);
        if (existing != null) {
            return existing;
        }
        if (user) {
            if (users == userIds.length) {
                userIds = Arrays.copyOf(userIds, users * 2);
            }
            userIds[users] = id;
            index.put(id, users);
            return users++;
        }
        if (items == itemIds.length) {
            itemIds = Arrays.copyOf(itemIds, items * 2);
        }
        itemIds[items] = id;
        index.put(id, items);
        return items++;
    }

    private static int hash(int u, int i) {
        long k = ((long) u << 32) | (i & 0xffffffffL);
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 29));
    }

    private int findOrAddPair(int u, int i) {
        int mask = table.length - 1;
        int slot = hash(u, i) & mask;
        while (true) {
            int t = table[slot];
            if (t == 0) {
                break;
            }
            int p = t - 1;
            if (pairUser[p] == u && pairItem[p] == i) {
                return p;
            }
            slot = (slot + 1) & mask;
        }
        if (pairs == pairUser.length) {
            int cap = pairs + (pairs >> 1) + 16;
            pairUser = Arrays.copyOf(pairUser, cap);
            pairItem = Arrays.copyOf(pairItem, cap);
            pairWeight = Arrays.copyOf(pairWeight, cap);
            pairMask = Arrays.copyOf(pairMask, cap);
            pairLast = Arrays.copyOf(pairLast, cap);
        }
        int p = pairs++;
        pairUser[p] = u;
        pairItem[p] = i;
        pairLast[p] = Long.MIN_VALUE;
        table[slot] = p + 1;
        if (pairs * 2L > table.length) {
            rehash(table.length * 2);
        }
        return p;
    }

    private void rehash(int capacity) {
        int[] t = new int[capacity];
        int mask = capacity - 1;
        for (int p = 0; p < pairs; p++) {
            int slot = hash(pairUser[p], pairItem[p]) & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = p + 1;
        }
        table = t;
    }

    public int userCount() {
        return users;
    }

    public int itemCount() {
        return items;
    }

    /** Number of distinct (user, item) pairs. */
    public int interactionCount() {
        return pairs;
    }

    /** Number of events added. */
    public long eventCount() {
        return events;
    }

    public String userId(int index) {
        Objects.checkIndex(index, users);
        return userIds[index];
    }

    public String itemId(int index) {
        Objects.checkIndex(index, items);
        return itemIds[index];
    }

    /** Dense index of the user, or -1. */
    public int userIndex(String userId) {
        Integer i = userIndex.get(userId);
        return i == null ? -1 : i;
    }

    /** Dense index of the item, or -1. */
    public int itemIndex(String itemId) {
        Integer i = itemIndex.get(itemId);
        return i == null ? -1 : i;
    }

    /** User ids by index (a copy). */
    public String[] userIds() {
        return Arrays.copyOf(userIds, users);
    }

    /** Item ids by index (a copy). */
    public String[] itemIds() {
        return Arrays.copyOf(itemIds, items);
    }

    /** True if {@code typeMask} (from a {@link Csr}) contains {@code type}. */
    public static boolean hasType(int typeMask, EventType type) {
        return (typeMask & (1 << type.code())) != 0;
    }

    /** The bit mask of a set of event types, as used in {@link Csr#typeMasks()}. */
    public static int maskOf(EventType... types) {
        int m = 0;
        for (EventType t : types) {
            m |= 1 << t.code();
        }
        return m;
    }

    /** Rows are users, columns items (cached until the next {@link #add}). */
    public Csr byUser() {
        if (byUser == null) {
            byUser = build(true);
        }
        return byUser;
    }

    /** Rows are items, columns users (cached until the next {@link #add}). */
    public Csr byItem() {
        if (byItem == null) {
            byItem = build(false);
        }
        return byItem;
    }

    /**
     * The held-out pairs of {@link #holdOutLatest}: parallel arrays of user and item indexes (of this data) and the
     * pair's latest timestamp.
     */
    public record Holdout(int[] users, int[] items, long[] times) {
        public static final Holdout NONE = new Holdout(new int[0], new int[0], new long[0]);

        public int size() {
            return users.length;
        }
    }

    /**
     * Removes, for up to {@code maxUsers} users with at least {@code minItems} positively weighted items (and at most
     * {@code maxFraction} of those users), the pair they engaged with last, and returns those pairs (leave-latest-out
     * validation: the model trained on the rest never sees them). Users are chosen by a seeded hash of their id, so the
     * same data gives the same sample. Nothing is removed when that leaves fewer than {@code minUsers}.
     */
    public Holdout holdOutLatest(int maxUsers, double maxFraction, int minItems, int minUsers, long seed) {
        return holdOutLatestEvents(maxUsers, maxFraction, minItems, minUsers, seed, 1);
    }

    /**
     * Like {@link #holdOutLatest}, but removes each chosen user's latest positive <em>event</em>: every positively
     * weighted pair whose latest time equals the user's latest positive time (the line items of one order share it), at
     * most {@code maxPerUser} of them (in pair order), so a user may give several rows of the returned hold-out
     * (grouped by user, in sample order). A user is only chosen when at least one positive pair stays in the data.
     */
    public Holdout holdOutLatestEvents(int maxUsers, double maxFraction, int minItems, int minUsers, long seed,
            int maxPerUser) {
        if (maxUsers <= 0 || maxPerUser <= 0) {
            return Holdout.NONE;
        }
        int[] positives = new int[users];
        long[] latestTime = new long[users];
        Arrays.fill(latestTime, Long.MIN_VALUE);
        for (int p = 0; p < pairs; p++) {
            if (pairWeight[p] > 0) {
                int u = pairUser[p];
                positives[u]++;
                latestTime[u] = Math.max(latestTime[u], pairLast[p]);
            }
        }
        // per user, the positive pairs of the latest time, in pair order (at most maxPerUser)
        int[] latestCount = new int[users];
        for (int p = 0; p < pairs; p++) {
            if (pairWeight[p] > 0 && pairLast[p] == latestTime[pairUser[p]]) {
                latestCount[pairUser[p]]++;
            }
        }
        long[] keyed = new long[users];
        int candidates = 0;
        for (int u = 0; u < users; u++) {
            if (positives[u] >= minItems && positives[u] > Math.min(maxPerUser, latestCount[u])) {
                long h = (userIds[u].hashCode() ^ seed) * 0x9E3779B97F4A7C15L;
                keyed[candidates++] = (h & 0xFFFFFFFF00000000L) | u;
            }
        }
        int n = (int) Math.min(maxUsers, Math.floor(candidates * maxFraction));
        if (n < Math.max(1, minUsers)) {
            return Holdout.NONE;
        }
        Arrays.sort(keyed, 0, candidates);
        int[] order = new int[users]; // 1 + position in the sample, 0 = not chosen
        for (int k = 0; k < n; k++) {
            order[(int) (keyed[k] & 0xFFFFFFFFL)] = k + 1;
        }
        int[] taken = new int[users];
        boolean[] drop = new boolean[pairs];
        int rows = 0;
        for (int p = 0; p < pairs; p++) {
            int u = pairUser[p];
            if (order[u] > 0 && pairWeight[p] > 0 && pairLast[p] == latestTime[u] && taken[u] < maxPerUser) {
                taken[u]++;
                drop[p] = true;
                rows++;
            }
        }
        // rows grouped by user in sample order, pairs of one user in pair order
        int[] start = new int[n + 1];
        for (int u = 0; u < users; u++) {
            if (order[u] > 0) {
                start[order[u]] = taken[u];
            }
        }
        for (int k = 0; k < n; k++) {
            start[k + 1] += start[k];
        }
        int[] hu = new int[rows];
        int[] hi = new int[rows];
        long[] ht = new long[rows];
        for (int p = 0; p < pairs; p++) {
            if (drop[p]) {
                int at = start[order[pairUser[p]] - 1]++;
                hu[at] = pairUser[p];
                hi[at] = pairItem[p];
                ht[at] = pairLast[p];
            }
        }
        int w = 0;
        for (int p = 0; p < pairs; p++) {
            if (!drop[p]) {
                pairUser[w] = pairUser[p];
                pairItem[w] = pairItem[p];
                pairWeight[w] = pairWeight[p];
                pairMask[w] = pairMask[p];
                pairLast[w] = pairLast[p];
                w++;
            }
        }
        pairs = w;
        rehash(table.length);
        byUser = null;
        byItem = null;
        return new Holdout(hu, hi, ht);
    }

    /**
     * An independent copy with the same ids (same indexes), pairs and event count: a hold-out can be taken from the
     * copy while this one keeps everything.
     */
    public TrainingData copy() {
        TrainingData c = new TrainingData();
        c.userIndex.putAll(userIndex);
        c.itemIndex.putAll(itemIndex);
        c.userIds = userIds.clone();
        c.itemIds = itemIds.clone();
        c.users = users;
        c.items = items;
        c.pairUser = pairUser.clone();
        c.pairItem = pairItem.clone();
        c.pairWeight = pairWeight.clone();
        c.pairMask = pairMask.clone();
        c.pairLast = pairLast.clone();
        c.pairs = pairs;
        c.events = events;
        c.table = table.clone();
        return c;
    }

    /** Two stable counting sorts (by column, then by row) so columns come out ascending within each row. */
    private Csr build(boolean userRows) {
        int[] rowOf = userRows ? pairUser : pairItem;
        int[] colOf = userRows ? pairItem : pairUser;
        int rows = userRows ? users : items;
        int cols = userRows ? items : users;
        int[] colStart = new int[cols + 1];
        for (int p = 0; p < pairs; p++) {
            colStart[colOf[p] + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            colStart[c + 1] += colStart[c];
        }
        int[] byCol = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            byCol[colStart[colOf[p]]++] = p;
        }
        int[] offsets = new int[rows + 1];
        for (int p = 0; p < pairs; p++) {
            offsets[rowOf[p] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            offsets[r + 1] += offsets[r];
        }
        int[] next = Arrays.copyOf(offsets, rows);
        int[] indexes = new int[pairs];
        float[] weights = new float[pairs];
        int[] masks = new int[pairs];
        long[] last = new long[pairs];
        for (int k = 0; k < pairs; k++) {
            int p = byCol[k];
            int dst = next[rowOf[p]]++;
            indexes[dst] = colOf[p];
            weights[dst] = pairWeight[p];
            masks[dst] = pairMask[p];
            last[dst] = pairLast[p];
        }
        return new Csr(rows, cols, offsets, indexes, weights, masks, last);
    }
}
