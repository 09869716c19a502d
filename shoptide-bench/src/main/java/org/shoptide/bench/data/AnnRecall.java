package org.shoptide.bench.data;

import java.util.Locale;
import java.util.SplittableRandom;
import org.shoptide.ann.LuceneHnswIndex;
import org.shoptide.core.model.ExactVectorIndex;
import org.shoptide.core.port.VectorIndex;

/**
 * Recall@10 of the HNSW index against the exact scan, and queries/s of both, on {@link BenchData#factorModel} item
 * factors (Zipf-scaled norms, as trained factors have). Two query kinds: "history" (the sum of five item rows, as a
 * folded-in visitor looks) and "gaussian" (random directions, the harder case). One thread, after a warm-up.
 *
 * <pre>
 * java -Xmx8g --add-modules jdk.incubator.vector -cp shoptide-bench/target/benchmarks.jar \
 *     org.shoptide.bench.data.AnnRecall [--items 1000000] [--rank 64] [--queries 500] [--ef 500] [--m 16]
 * </pre>
 */
public final class AnnRecall {
    private AnnRecall() {
    }

    public static void main(String[] args) {
        int items = 1_000_000;
        int rank = 64;
        int queries = 500;
        int ef = 500;
        int m = 16;
        int beam = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--rank" -> rank = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--ef" -> ef = Integer.parseInt(args[++i]);
                case "--m" -> m = Integer.parseInt(args[++i]);
                case "--beam" -> beam = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        float[] y = BenchData.factorModel(items, rank).itemFactors();
        VectorIndex exact = ExactVectorIndex.build(y, rank);
        long t0 = System.nanoTime();
        LuceneHnswIndex hnsw = LuceneHnswIndex.build(y, rank, new LuceneHnswIndex.Params(m, beam, ef));
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT,
                "%,d items x %d, HNSW M=%d efConstruction=%d efSearch=%d: built in %.1f s,"
                        + " graph %.0f MB, vectors %.0f MB%n",
                items, rank, m, beam, ef, buildSeconds, hnsw.graphBytes() / 1e6, 4.0 * items * rank / 1e6);
        for (String kind : new String[] { "history", "gaussian" }) {
            float[][] q = queries(kind, queries, y, items, rank);
            int[][] truth = new int[queries][];
            for (int w = 0; w < Math.min(20, queries); w++) {
                exact.search(q[w], 10, null); // warm-up
            }
            t0 = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                truth[i] = exact.search(q[i], 10, null);
            }
            double exactQps = queries / ((System.nanoTime() - t0) / 1e9);
            for (int w = 0; w < Math.min(50, queries); w++) {
                hnsw.search(q[w], 10, null);
            }
            int found = 0;
            t0 = System.nanoTime();
            int[][] got = new int[queries][];
            for (int i = 0; i < queries; i++) {
                got[i] = hnsw.search(q[i], 10, null);
            }
            double annQps = queries / ((System.nanoTime() - t0) / 1e9);
            for (int i = 0; i < queries; i++) {
                for (int a : got[i]) {
                    for (int b : truth[i]) {
                        if (a == b) {
                            found++;
                            break;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s queries: recall@10 %.4f, HNSW %.0f queries/s, exact %.1f queries/s%n",
                    kind, found / (10.0 * queries), annQps, exactQps);
        }
    }

    private static float[][] queries(String kind, int n, float[] y, int items, int rank) {
        SplittableRandom rnd = new SplittableRandom(BenchData.SEED + kind.hashCode());
        float[][] q = new float[n][rank];
        for (int i = 0; i < n; i++) {
            if (kind.equals("gaussian")) {
                for (int f = 0; f < rank; f++) {
                    q[i][f] = (float) rnd.nextGaussian();
                }
            } else {
                for (int s = 0; s < 5; s++) {
                    int item = rnd.nextInt(items);
                    for (int f = 0; f < rank; f++) {
                        q[i][f] += y[item * rank + f];
                    }
                }
            }
        }
        return q;
    }
}
