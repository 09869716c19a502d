package org.shoptide.core.algo;

import java.util.function.IntPredicate;

/**
 * Bounded min-heap on primitive arrays selecting the k best (index, score) pairs in O(n log k) without boxing. Ties are
 * broken by the lower index, so results are deterministic. NaN scores are ignored. A reusable instance is not
 * thread-safe; {@link #select} is.
 */
public final class TopK {
    private final int k;
    private final int[] idx;
    private final float[] sc;
    private int size;

    public TopK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0: " + k);
        }
        this.k = k;
        this.idx = new int[k];
        this.sc = new float[k];
    }

    /**
     * Indexes of the {@code k} highest {@code scores}, best first, skipping every index for which {@code excluded} is
     * true ({@code null} excludes nothing).
     */
    public static int[] select(float[] scores, int k, IntPredicate excluded) {
        TopK top = new TopK(Math.min(k, scores.length));
        int cap = top.k;
        if (cap == 0) {
            return new int[0];
        }
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (top.size == cap && !(s >= top.sc[0])) {
                continue; // one compare rejects most items once the heap is full (and every NaN)
            }
            if (top.wouldAccept(i, s) && (excluded == null || !excluded.test(i))) {
                top.offer(i, s);
            }
        }
        return top.sortedIndexes();
    }

    public int capacity() {
        return k;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** True if {@link #offer} would keep this pair now (cheap pre-check before an expensive predicate). */
    public boolean wouldAccept(int index, float score) {
        if (k == 0 || Float.isNaN(score)) {
            return false;
        }
        return size < k || worse(idx[0], sc[0], index, score);
    }

    /** Offers a pair; returns true if it is kept (for now). */
    public boolean offer(int index, float score) {
        if (!wouldAccept(index, score)) {
            return false;
        }
        if (size < k) {
            int c = size++;
            while (c > 0) {
                int parent = (c - 1) >>> 1;
                if (!worse(index, score, idx[parent], sc[parent])) {
                    break;
                }
                idx[c] = idx[parent];
                sc[c] = sc[parent];
                c = parent;
            }
            idx[c] = index;
            sc[c] = score;
        } else {
            siftDown(index, score, size);
        }
        return true;
    }

    /** a is worse than b: lower score, or equal score and higher index. */
    private static boolean worse(int ai, float as, int bi, float bs) {
        return as < bs || (as == bs && ai > bi);
    }

    private void siftDown(int index, float score, int n) {
        int c = 0;
        while (true) {
            int l = 2 * c + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int m = (r < n && worse(idx[r], sc[r], idx[l], sc[l])) ? r : l;
            if (!worse(idx[m], sc[m], index, score)) {
                break;
            }
            idx[c] = idx[m];
            sc[c] = sc[m];
            c = m;
        }
        idx[c] = index;
        sc[c] = score;
    }

    /**
     * Writes the kept pairs best first into the arrays (each at least {@link #size()} long), empties the heap and
     * returns how many were written.
     */
    public int drainSorted(int[] outIndexes, float[] outScores) {
        int n = size;
        for (int end = n - 1; end >= 0; end--) {
            int topI = idx[0];
            float topS = sc[0];
            int lastI = idx[end];
            float lastS = sc[end];
            if (end > 0) {
                siftDown(lastI, lastS, end);
            }
            outIndexes[end] = topI;
            if (outScores != null) {
                outScores[end] = topS;
            }
        }
        size = 0;
        return n;
    }

    /** The kept indexes best first; empties the heap. */
    public int[] sortedIndexes() {
        int[] out = new int[size];
        drainSorted(out, null);
        return out;
    }
}
