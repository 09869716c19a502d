package org.shoptide.peers.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Training interactions summed per (user, item) pair. String ids are interned to dense indexes in order of first
 * appearance; these indexes are the integer ids Spark trains on. Fill it from one thread with {@link #add}, then read.
 */
public final class Interactions {
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private final List<String> itemIds = new ArrayList<>();
    private int[] pairUser = new int[1024];
    private int[] pairItem = new int[1024];
    private float[] pairWeight = new float[1024];
    private int pairs;
    private long events;
    /** Open addressing table of pair index + 1 (0 = empty); capacity a power of two. */
    private int[] table = new int[4096];
    private int[] userOffsets;
    private int[] userItems;

    /** Adds one interaction's weight to its (user, item) pair. */
    public void add(String userId, String itemId, float weight) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        if (!Float.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite: " + weight);
        }
        int u = intern(userId, userIndex, userIds);
        int i = intern(itemId, itemIndex, itemIds);
        int p = findOrAdd(u, i); // may grow pairWeight, so not inlined into the index expression
        pairWeight[p] += weight;
        events++;
        userOffsets = null;
        userItems = null;
    }

    private static int intern(String id, Map<String, Integer> index, List<String> ids) {
        Integer known = index.get(id);
        if (known != null) {
            return known;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    private static int hash(int u, int i) {
        long k = ((long) u << 32) | (i & 0xffffffffL);
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 31));
    }

    private int findOrAdd(int u, int i) {
        int mask = table.length - 1;
        int slot = hash(u, i) & mask;
        for (int t; (t = table[slot]) != 0; slot = (slot + 1) & mask) {
            if (pairUser[t - 1] == u && pairItem[t - 1] == i) {
                return t - 1;
            }
        }
        if (pairs == pairUser.length) {
            int cap = pairs + (pairs >> 1);
            pairUser = Arrays.copyOf(pairUser, cap);
            pairItem = Arrays.copyOf(pairItem, cap);
            pairWeight = Arrays.copyOf(pairWeight, cap);
        }
        int p = pairs++;
        pairUser[p] = u;
        pairItem[p] = i;
        table[slot] = p + 1;
        if (pairs * 2L > table.length) {
            rehash();
        }
        return p;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
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
        return userIds.size();
    }

    public int itemCount() {
        return itemIds.size();
    }

    /** Distinct (user, item) pairs. */
    public int pairCount() {
        return pairs;
    }

    /** Interactions added (lines read). */
    public long eventCount() {
        return events;
    }

    /** Dense index of a user id, or -1 if the user has no training interaction. */
    public int userIndex(String id) {
        Integer u = userIndex.get(id);
        return u == null ? -1 : u;
    }

    /** Dense index of an item id, or -1 if the item has no training interaction. */
    public int itemIndex(String id) {
        Integer i = itemIndex.get(id);
        return i == null ? -1 : i;
    }

    public String userId(int index) {
        return userIds.get(index);
    }

    public String itemId(int index) {
        return itemIds.get(index);
    }

    public int pairUser(int pair) {
        Objects.checkIndex(pair, pairs);
        return pairUser[pair];
    }

    public int pairItem(int pair) {
        Objects.checkIndex(pair, pairs);
        return pairItem[pair];
    }

    /** Summed weight of a pair (Spark's "rating"). */
    public float pairWeight(int pair) {
        Objects.checkIndex(pair, pairs);
        return pairWeight[pair];
    }

    /** The items a user trained on, whatever their summed weight, ascending; empty for an unknown index. */
    public int[] itemsOf(int user) {
        if (userOffsets == null) {
            buildUserRows();
        }
        if (user < 0 || user >= userCount()) {
            return new int[0];
        }
        return Arrays.copyOfRange(userItems, userOffsets[user], userOffsets[user + 1]);
    }

    private void buildUserRows() {
        int n = userCount();
        int[] off = new int[n + 1];
        for (int p = 0; p < pairs; p++) {
            off[pairUser[p] + 1]++;
        }
        for (int u = 0; u < n; u++) {
            off[u + 1] += off[u];
        }
        int[] next = Arrays.copyOf(off, n);
        int[] cols = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            cols[next[pairUser[p]]++] = pairItem[p];
        }
        for (int u = 0; u < n; u++) {
            Arrays.sort(cols, off[u], off[u + 1]);
        }
        userOffsets = off;
        userItems = cols;
    }
}
