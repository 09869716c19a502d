package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;

class CooccurrenceTest {

    /** 50 noise items bought independently; planted pairs p0/p1, q0/q1, r0/r1 bought together; v viewed before w. */
    private static TrainingData planted(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        TrainingData d = new TrainingData();
        for (int u = 0; u < 3000; u++) {
            String user = "u" + u;
            for (int k = 0; k < 3; k++) {
                d.add(user, "n" + r.nextInt(50), EventType.PURCHASE, 5f, 1000L);
            }
            for (String p : new String[] { "p", "q", "r" }) {
                if (r.nextDouble() < 0.05) {
                    d.add(user, p + "0", EventType.PURCHASE, 5f, 1000L);
                    d.add(user, p + "1", EventType.ADD_TO_CART, 3f, 1000L);
                }
            }
            if (r.nextDouble() < 0.05) {
                d.add(user, "v", EventType.VIEW, 1f, 1000L);
                d.add(user, "w", EventType.PURCHASE, 5f, 1000L);
            }
        }
        return d;
    }

    private static int[] neighbors(Cooccurrence.Neighbors nb, int item) {
        return java.util.Arrays.copyOfRange(nb.items(), nb.offsets()[item], nb.offsets()[item + 1]);
    }

    @Test
    void findsPlantedPairsAndNotRandomOnes() {
        TrainingData d = planted(1);
        long t0 = System.nanoTime();
        Cooccurrence.Neighbors nb = Cooccurrence.compute(d.byUser(), 20, 10.83f, 500, 1, null, 1);
        System.out.printf("cooccurrence on %d pairs: %.1f ms%n", d.interactionCount(), (System.nanoTime() - t0) / 1e6);
        for (String p : new String[] { "p", "q", "r" }) {
            int a = d.itemIndex(p + "0");
            int b = d.itemIndex(p + "1");
            assertThat(neighbors(nb, a)).startsWith(b);
            assertThat(neighbors(nb, b)).startsWith(a);
            assertThat(nb.kinds()[nb.offsets()[a]]).isEqualTo((byte) EventType.PURCHASE.code());
            assertThat(nb.scores()[nb.offsets()[a]]).isGreaterThan(100f);
        }
        // cross-occurrence: viewing v predicts buying w
        int v = d.itemIndex("v");
        int w = d.itemIndex("w");
        assertThat(neighbors(nb, v)).startsWith(w);
        assertThat(nb.kinds()[nb.offsets()[v]]).isEqualTo((byte) EventType.VIEW.code());
        // independent noise purchases: at p < 0.001 hardly any of the 50·49 pairs survives
        int noiseLinks = 0;
        for (int i = 0; i < 50; i++) {
            int item = d.itemIndex("n" + i);
            for (int n : neighbors(nb, item)) {
                assertThat(n).isNotEqualTo(item);
                if (d.itemId(n).startsWith("n")) {
                    noiseLinks++;
                }
            }
        }
        assertThat(noiseLinks).isLessThan(15);
        // scores are sorted best first within each row
        for (int i = 0; i < d.itemCount(); i++) {
            for (int k = nb.offsets()[i] + 1; k < nb.offsets()[i + 1]; k++) {
                assertThat(nb.scores()[k]).isLessThanOrEqualTo(nb.scores()[k - 1]);
            }
        }
    }

    @Test
    void sameResultWithThreadsAndDownsamplingIsSeeded() {
        TrainingData d = planted(2);
        for (int i = 0; i < 900; i++) {
            d.add("heavy", "n" + (i % 50) + "x" + i, EventType.VIEW, 1f, 1L); // a heavy user, downsampled to 100
            d.add("heavy", "n" + (i % 50), EventType.VIEW, 1f, 1L);
        }
        Cooccurrence.Neighbors a = Cooccurrence.compute(d.byUser(), 10, 3.84f, 100, 9, null, 1);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Cooccurrence.Neighbors b = Cooccurrence.compute(d.byUser(), 10, 3.84f, 100, 9, pool, 2);
            assertThat(b.offsets()).isEqualTo(a.offsets());
            assertThat(b.items()).isEqualTo(a.items());
            assertThat(b.scores()).isEqualTo(a.scores());
            assertThat(b.kinds()).isEqualTo(a.kinds());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fallsBackToViewViewWhenThereAreNoConversions() {
        SplittableRandom r = new SplittableRandom(3);
        TrainingData d = new TrainingData();
        for (int u = 0; u < 1000; u++) {
            d.add("u" + u, "n" + r.nextInt(30), EventType.VIEW, 1f, 0L);
            d.add("u" + u, "n" + r.nextInt(30), EventType.CLICK, 1f, 0L);
            if (u % 10 == 0) {
                d.add("u" + u, "shoe", EventType.VIEW, 1f, 0L);
                d.add("u" + u, "sock", EventType.VIEW, 1f, 0L);
            }
        }
        Cooccurrence.Neighbors nb = Cooccurrence.compute(d.byUser(), 5, 10.83f, 500, 1, null, 1);
        int shoe = d.itemIndex("shoe");
        assertThat(neighbors(nb, shoe)).startsWith(d.itemIndex("sock"));
        assertThat(nb.kinds()[nb.offsets()[shoe]]).isEqualTo((byte) EventType.VIEW.code());
    }

    @Test
    void negativePairsAreIgnored() {
        TrainingData d = new TrainingData();
        for (int u = 0; u < 50; u++) {
            d.add("u" + u, "a", EventType.PURCHASE, 5f, 0L);
            d.add("u" + u, "b", EventType.PURCHASE, 5f, 0L);
            d.add("u" + u, "b", EventType.REFUND, -10f, 0L);
            d.add("u" + u, "c", EventType.PURCHASE, 5f, 0L);
        }
        for (int u = 50; u < 200; u++) {
            d.add("u" + u, "z" + u, EventType.PURCHASE, 5f, 0L);
        }
        Cooccurrence.Neighbors nb = Cooccurrence.compute(d.byUser(), 5, 1f, 500, 1, null, 1);
        assertThat(neighbors(nb, d.itemIndex("a"))).containsExactly(d.itemIndex("c"));
        assertThat(neighbors(nb, d.itemIndex("b"))).isEmpty();
    }
}
