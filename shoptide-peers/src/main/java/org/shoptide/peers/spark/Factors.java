package org.shoptide.peers.spark;

import java.util.Arrays;
import java.util.Objects;

/**
 * Trained ALS factors collected to the driver, row-major by dense index. A user or item that Spark returned no factor
 * for keeps a zero vector (scores 0).
 *
 * @param rank
 *            factors per row
 * @param users
 *            {@code userCount × rank}
 * @param items
 *            {@code itemCount × rank}
 */
public record Factors(int rank, float[] users, float[] items) {
    public Factors {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        if (rank < 1 || users.length % rank != 0 || items.length % rank != 0) {
            throw new IllegalArgumentException("factor arrays must hold whole rows of rank " + rank);
        }
    }

    public int itemCount() {
        return items.length / rank;
    }

    public int userCount() {
        return users.length / rank;
    }

    /**
     * The {@code k} best items for {@code user} by dot product, best first, skipping {@code excluded} (ascending item
     * indexes: the user's training items). Equal scores go to the lower item index, so rankings are deterministic.
     *
     * @param scratch
     *            {@code itemCount()} floats of per-thread scratch space
     */
    public int[] topK(int user, int[] excluded, int k, float[] scratch) {
        int n = itemCount();
        int uo = user * rank;
        for (int i = 0; i < n; i++) {
            scratch[i] = dot(users, uo, items, i * rank, rank);
        }
        for (int i : excluded) {
            scratch[i] = Float.NEGATIVE_INFINITY;
        }
        // bounded min-heap of the best k so far; the root is the worst kept item
        int[] heap = new int[Math.min(k, n)];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (scratch[i] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = i;
                siftUp(heap, size++, scratch);
            } else if (heap.length > 0 && better(i, heap[0], scratch)) {
                heap[0] = i;
                siftDown(heap, size, scratch);
            }
        }
        int[] out = new int[size];
        for (int r = size - 1; r >= 0; r--) {
            out[r] = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, scratch);
        }
        return out;
    }

    /** Whether item a ranks before item b. */
    private static boolean better(int a, int b, float[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void siftUp(int[] h, int at, float[] s) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!better(h[parent], h[at], s)) {
                return;
            }
            swap(h, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] h, int size, float[] s) {
        int at = 0;
        while (true) {
            int l = 2 * at + 1;
            if (l >= size) {
                return;
            }
            int worst = l + 1 < size && better(h[l], h[l + 1], s) ? l + 1 : l;
            if (!better(h[at], h[worst], s)) {
                return;
            }
            swap(h, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] h, int a, int b) {
        int t = h[a];
        h[a] = h[b];
        h[b] = t;
    }

    /** Dot product with four accumulators (the JIT does not reorder a single float sum). */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Factors f && rank == f.rank && Arrays.equals(users, f.users)
                && Arrays.equals(items, f.items);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rank + Arrays.hashCode(users)) + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "Factors[rank=" + rank + ", users=" + userCount() + ", items=" + itemCount() + "]";
    }
}
