package org.shoptide.engine;

import java.util.Collection;

/**
 * The client event ids a shop has stored, for idempotent retries, as 128-bit fingerprints in one open-addressing table
 * (linear probing, backward-shift deletion): 16 bytes per id at most half full, about 32 bytes per stored id against
 * about 110 for a concurrent set of strings (measured in {@code docs/BENCHMARKS.md}). Two ids collide with probability
 * about n²/2¹²⁹ (below 10⁻²⁴ at a billion ids), so a fresh event is never taken for a retry in practice.
 * <p>
 * The two 64-bit halves are independent hashes of the id's UTF-16 code units (multiply–xorshift rounds with different
 * constants, finished by MurmurHash3's fmix64). Thread-safe: every method holds this object's monitor.
 */
final class ClientEventIds {
    private static final int MIN_CAPACITY = 16;
    /** Pairs (h1, h2) per slot; (0, 0) marks an empty slot (a fingerprint never is (0, 0)). */
    private long[] table = new long[2 * MIN_CAPACITY];
    private int size;

    /** Adds the id; false when it was already present. */
    synchronized boolean add(String id) {
        long h1 = h1(id);
        long h2 = h2(id);
        int slot = probe(h1, h2);
        if (slot >= 0) {
            return false;
        }
        slot = -slot - 1;
        table[2 * slot] = h1;
        table[2 * slot + 1] = h2;
        if (++size * 2 > table.length / 2) {
            resize(table.length); // double the slots: at most half full
        }
        return true;
    }

    synchronized boolean contains(String id) {
        return find(id) >= 0;
    }

    /** Removes the id; false when it was absent. */
    synchronized boolean remove(String id) {
        int slot = find(id);
        if (slot < 0) {
            return false;
        }
        // backward-shift deletion keeps every probe chain unbroken without tombstones
        int mask = table.length / 2 - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (table[2 * next] != 0 || table[2 * next + 1] != 0) {
            int home = (int) table[2 * next] & mask;
            // move the entry at `next` into the hole unless its home lies cyclically in (hole, next]
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                table[2 * hole] = table[2 * next];
                table[2 * hole + 1] = table[2 * next + 1];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[2 * hole] = 0;
        table[2 * hole + 1] = 0;
        size--;
        return true;
    }

    synchronized void removeAll(Collection<String> ids) {
        ids.forEach(this::remove);
    }

    synchronized int size() {
        return size;
    }

    /** Bytes held by the table. */
    synchronized long bytes() {
        return 8L * table.length;
    }

    private int find(String id) {
        int slot = probe(h1(id), h2(id));
        return slot >= 0 ? slot : -1;
    }

    /** The slot holding (h1, h2), or -(empty slot where it would go) - 1. */
    private int probe(long h1, long h2) {
        int mask = table.length / 2 - 1;
        int slot = (int) h1 & mask;
        while (true) {
            long a = table[2 * slot];
            long b = table[2 * slot + 1];
            if (a == 0 && b == 0) {
                return -slot - 1;
            }
            if (a == h1 && b == h2) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long h1(String id) {
        return hash(id, 0x9E3779B97F4A7C15L, 0xBF58476D1CE4E5B9L);
    }

    /** The second half, never 0 (so no fingerprint is the empty marker (0, 0)). */
    private static long h2(String id) {
        long h = hash(id, 0xC2B2AE3D27D4EB4FL, 0x94D049BB133111EBL);
        return h == 0 ? 1 : h;
    }

    private void resize(int slots) {
        long[] old = table;
        table = new long[2 * slots];
        int mask = slots - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                int slot = (int) old[i] & mask;
                while (table[2 * slot] != 0 || table[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[2 * slot] = old[i];
                table[2 * slot + 1] = old[i + 1];
            }
        }
    }

    /** A 64-bit hash of the id's code units; {@code seed} and {@code mul} pick one of two independent functions. */
    static long hash(String id, long seed, long mul) {
        long h = seed ^ id.length();
        int n = id.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long block = id.charAt(i) | (long) id.charAt(i + 1) << 16 | (long) id.charAt(i + 2) << 32
                    | (long) id.charAt(i + 3) << 48;
            block *= mul;
            block ^= block >>> 31;
            h = (h ^ block) * 0x9FB21C651E98DF25L;
            h = Long.rotateLeft(h, 27);
        }
        for (; i < n; i++) {
            h = (h ^ id.charAt(i)) * mul;
            h = Long.rotateLeft(h, 23);
        }
        return fmix64(h);
    }

    /** MurmurHash3's 64-bit finalizer (Appleby). */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
