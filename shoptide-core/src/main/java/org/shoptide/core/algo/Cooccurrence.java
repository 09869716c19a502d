package org.shoptide.core.algo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import org.shoptide.core.event.EventType;

/**
 * Item-to-item neighbours by correlated cross-occurrence (CCO, as in Mahout's and ActionML's Universal Recommender),
 * each pair scored by the log-likelihood ratio of Dunning (1993), "Accurate methods for the statistics of surprise and
 * coincidence".
 * <p>
 * The primary indicator is a conversion ({@code purchase} or {@code add_to_cart}); the secondary indicators are
 * {@code view}, {@code click} and {@code like}. For a seed item j and an indicator A, the candidates are the items i
 * that users who did A on j also converted on; the 2×2 table counts users (A on j and P on i, A on j only, P on i only,
 * neither) over all users. Pairs that co-occur no more than independence predicts are dropped (LLR is two-sided), as
 * are pairs under {@code minLlr}; per seed the best LLR across indicators is kept per neighbour, and the
 * {@code maxNeighbors} best neighbours are stored with the {@link EventType#code()} of their indicator
 * ({@code purchase} for the primary). A (user, item) pair counts for an indicator when its event-type mask contains one
 * of the indicator's types and its summed weight is positive. Users with more than {@code maxUserInteractions} items
 * for an indicator are downsampled to that many (seeded per user).
 * <p>
 * When the primary indicator produces no neighbour at all (a shop with views only), it falls back to co-occurrence of
 * any positive interaction with any positive interaction, reported as {@code view}.
 */
public final class Cooccurrence {
    private Cooccurrence() {
    }

    /** Neighbour lists in CSR form: neighbours of item i are {@code [offsets[i], offsets[i+1])}, best first. */
    public record Neighbors(int[] offsets, int[] items, float[] scores, byte[] kinds) {
        public int count() {
            return items.length;
        }
    }

    private static final int PRIMARY = TrainingData.maskOf(EventType.PURCHASE, EventType.ADD_TO_CART);

    /** Builds the neighbours of every item of {@code byUser}. */
    public static Neighbors compute(TrainingData.Csr byUser, int maxNeighbors, float minLlr, int maxUserInteractions,
            long seed, ExecutorService pool, int threads) {
        int nItems = byUser.cols();
        Incidence primary = Incidence.of(byUser, PRIMARY, maxUserInteractions, seed);
        List<Incidence> indicators = new ArrayList<>();
        List<Byte> kinds = new ArrayList<>();
        indicators.add(primary);
        kinds.add((byte) EventType.PURCHASE.code());
        for (EventType t : new EventType[] { EventType.VIEW, EventType.CLICK, EventType.LIKE }) {
            Incidence inc = Incidence.of(byUser, TrainingData.maskOf(t), maxUserInteractions, seed + t.code());
            if (inc.nnz() > 0 && primary.nnz() > 0) {
                indicators.add(inc);
                kinds.add((byte) t.code());
            }
        }
        Neighbors result = run(byUser.rows(), nItems, primary, indicators, kinds, maxNeighbors, minLlr, pool, threads);
        if (result.count() == 0) {
            Incidence any = Incidence.of(byUser, -1, maxUserInteractions, seed);
            result = run(byUser.rows(), nItems, any, List.of(any), List.of((byte) EventType.VIEW.code()), maxNeighbors,
                    minLlr, pool, threads);
        }
        return result;
    }

    private static Neighbors run(int nUsers, int nItems, Incidence target, List<Incidence> indicators, List<Byte> kinds,
            int maxNeighbors, float minLlr, ExecutorService pool, int threads) {
        int[][] outItems = new int[nItems][];
        float[][] outScores = new float[nItems][];
        byte[][] outKinds = new byte[nItems][];
        int[] targetCount = target.itemCounts();
        double[] xLogX = Llr.xLogXTable(nUsers);
        int[][] indCounts = new int[indicators.size()][];
        for (int a = 0; a < indicators.size(); a++) {
            indCounts[a] = indicators.get(a).itemCounts();
        }
        Parallel.forBlocks(pool, threads, nItems, 64, () -> new Scratch(nItems, maxNeighbors), (start, end, s) -> {
            for (int j = start; j < end; j++) {
                for (int a = 0; a < indicators.size(); a++) {
                    Incidence ind = indicators.get(a);
                    int nA = indCounts[a][j];
                    if (nA == 0) {
                        continue;
                    }
                    byte kind = kinds.get(a);
                    for (int k = ind.itemOffsets[j]; k < ind.itemOffsets[j + 1]; k++) {
                        int u = ind.itemUsers[k];
                        for (int q = target.userOffsets[u]; q < target.userOffsets[u + 1]; q++) {
                            int i = target.userItems[q];
                            if (i == j) {
                                continue;
                            }
                            if (s.count[i]++ == 0) {
                                s.touched[s.nTouched++] = i;
                            }
                        }
                    }
                    for (int t = 0; t < s.nTouched; t++) {
                        int i = s.touched[t];
                        int k11 = s.count[i];
                        s.count[i] = 0;
                        int nP = targetCount[i];
                        if ((long) k11 * nUsers <= (long) nA * nP) {
                            continue; // not positively associated
                        }
                        float llr = (float) Llr.logLikelihoodRatio(k11, nA - k11, nP - k11, nUsers - nA - nP + k11,
                                xLogX);
                        if (llr < minLlr || llr <= s.best[i]) {
                            continue;
                        }
                        if (s.best[i] == 0f) {
                            s.bestTouched[s.nBest++] = i;
                        }
                        s.best[i] = llr;
                        s.bestKind[i] = kind;
                    }
                    s.nTouched = 0;
                }
                for (int t = 0; t < s.nBest; t++) {
                    int i = s.bestTouched[t];
                    s.top.offer(i, s.best[i]);
                }
                int n = s.top.drainSorted(s.outI, s.outS);
                int[] ii = Arrays.copyOf(s.outI, n);
                byte[] kk = new byte[n];
                for (int t = 0; t < n; t++) {
                    kk[t] = s.bestKind[ii[t]];
                }
                outItems[j] = ii;
                outScores[j] = Arrays.copyOf(s.outS, n);
                outKinds[j] = kk;
                for (int t = 0; t < s.nBest; t++) {
                    s.best[s.bestTouched[t]] = 0f;
                }
                s.nBest = 0;
            }
        });
        int[] offsets = new int[nItems + 1];
        for (int j = 0; j < nItems; j++) {
            offsets[j + 1] = offsets[j] + outItems[j].length;
        }
        int total = offsets[nItems];
        int[] items = new int[total];
        float[] scores = new float[total];
        byte[] kindArr = new byte[total];
        for (int j = 0; j < nItems; j++) {
            System.arraycopy(outItems[j], 0, items, offsets[j], outItems[j].length);
            System.arraycopy(outScores[j], 0, scores, offsets[j], outScores[j].length);
            System.arraycopy(outKinds[j], 0, kindArr, offsets[j], outKinds[j].length);
        }
        return new Neighbors(offsets, items, scores, kindArr);
    }

    private static final class Scratch {
        final int[] count;
        final int[] touched;
        int nTouched;
        final float[] best;
        final byte[] bestKind;
        final int[] bestTouched;
        int nBest;
        final TopK top;
        final int[] outI;
        final float[] outS;

        Scratch(int nItems, int k) {
            count = new int[nItems];
            touched = new int[nItems];
            best = new float[nItems];
            bestKind = new byte[nItems];
            bestTouched = new int[nItems];
            top = new TopK(k);
            outI = new int[k];
            outS = new float[k];
        }
    }

    /** A binary user × item incidence matrix of one indicator, by user and by item, after downsampling. */
    static final class Incidence {
        final int[] userOffsets;
        final int[] userItems;
        final int[] itemOffsets;
        final int[] itemUsers;

        private Incidence(int[] userOffsets, int[] userItems, int nItems) {
            this.userOffsets = userOffsets;
            this.userItems = userItems;
            int nUsers = userOffsets.length - 1;
            itemOffsets = new int[nItems + 1];
            for (int i : userItems) {
                itemOffsets[i + 1]++;
            }
            for (int i = 0; i < nItems; i++) {
                itemOffsets[i + 1] += itemOffsets[i];
            }
            int[] next = Arrays.copyOf(itemOffsets, nItems);
            itemUsers = new int[userItems.length];
            for (int u = 0; u < nUsers; u++) {
                for (int k = userOffsets[u]; k < userOffsets[u + 1]; k++) {
                    itemUsers[next[userItems[k]]++] = u;
                }
            }
        }

        int nnz() {
            return userItems.length;
        }

        int[] itemCounts() {
            int n = itemOffsets.length - 1;
            int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                c[i] = itemOffsets[i + 1] - itemOffsets[i];
            }
            return c;
        }

        /** Pairs whose type mask intersects {@code mask} and whose weight is positive, capped per user. */
        static Incidence of(TrainingData.Csr byUser, int mask, int cap, long seed) {
            int nUsers = byUser.rows();
            int[] off = byUser.offsets();
            int[] offsets = new int[nUsers + 1];
            int[] buf = new int[Math.max(16, byUser.nnz())];
            int n = 0;
            int[] row = new int[16];
            for (int u = 0; u < nUsers; u++) {
                int m = 0;
                for (int k = off[u]; k < off[u + 1]; k++) {
                    if ((byUser.typeMasks()[k] & mask) != 0 && byUser.weights()[k] > 0) {
                        if (m == row.length) {
                            row = Arrays.copyOf(row, m * 2);
                        }
                        row[m++] = byUser.indexes()[k];
                    }
                }
                if (m > cap) {
                    SplittableRandom rnd = new SplittableRandom(seed ^ (u * 0x9E3779B97F4A7C15L));
                    for (int t = 0; t < cap; t++) {
                        int r = t + rnd.nextInt(m - t);
                        int tmp = row[t];
                        row[t] = row[r];
                        row[r] = tmp;
                    }
                    m = cap;
                    Arrays.sort(row, 0, m);
                }
                System.arraycopy(row, 0, buf, n, m);
                n += m;
                offsets[u + 1] = n;
            }
            return new Incidence(offsets, Arrays.copyOf(buf, n), byUser.cols());
        }
    }
}
