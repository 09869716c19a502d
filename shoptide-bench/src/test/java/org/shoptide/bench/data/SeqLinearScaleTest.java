package org.shoptide.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shoptide.core.algo.TrainingData;

/** The sequence-scale benchmark's data has ML-1M's shape and its main class runs end to end at a small size. */
class SeqLinearScaleTest {
    @Test
    void sequencesHaveMl1mShapedDensityAndAreSeeded() {
        TrainingData a = SeqLinearScale.sequences(1_000, 7);
        TrainingData b = SeqLinearScale.sequences(1_000, 7);
        assertThat(a.userCount()).isEqualTo(1_768); // 1,000 × 6,040 / 3,416
        double perUser = (double) a.interactionCount() / a.userCount();
        assertThat(perUser).as("mean sequence length").isBetween(100.0, 250.0);
        assertThat(a.interactionCount()).isEqualTo(b.interactionCount());
        TrainingData.Csr rows = a.byUser();
        for (int u = 0; u < rows.rows(); u++) {
            Set<Integer> seen = new HashSet<>();
            for (int k = rows.offsets()[u]; k < rows.offsets()[u + 1]; k++) {
                assertThat(seen.add(rows.indexes()[k])).as("items are distinct per user").isTrue();
            }
            assertThat(rows.rowLength(u)).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void trainsBothModelsAndReportsTimeAndHeap() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            SeqLinearScale.main(new String[] { "--items", "300", "--models", "seqlinear,ease", "--threads", "2" });
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("data: 530 users, 300 items").containsPattern("seqlinear: n=300 train [0-9.]+ s wall")
                .containsPattern("ease: n=300 train [0-9.]+ s wall, [0-9.]+ CPU-s, peak heap [0-9]+ MiB");
    }
}
