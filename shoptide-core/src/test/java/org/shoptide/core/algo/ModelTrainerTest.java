package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;

class ModelTrainerTest {

    @Test
    void trainsAllPartsAndRecordsStats() throws IOException {
        TrainingData d = ImplicitAlsTest.twoGroups(7);
        // a co-purchased pair inside group A
        for (int u = 0; u < 60; u++) {
            d.add("a" + u, "A1", EventType.PURCHASE, 5f, 1000L);
            d.add("a" + u, "A2", EventType.PURCHASE, 5f, 1000L);
        }
        TrainingParams p = TrainingParams.defaults().withRank(8).withIterations(5).withThreads(2);
        Instant now = Instant.ofEpochMilli(1000L + 86_400_000L);
        ShopModel m = ModelTrainer.train(d, p, now);
        assertThat(m.version()).isZero();
        assertThat(m.trainedAt()).isEqualTo(now);
        assertThat(m.itemCount()).isEqualTo(d.itemCount());
        assertThat(m.userCount()).isEqualTo(d.userCount());
        assertThat(m.rank()).isEqualTo(8);
        assertThat(m.itemFactors()).hasSize(d.itemCount() * 8);
        assertThat(m.itemGramian()).hasSize(64);
        int a1 = m.itemIndex("A1");
        int first = m.neighborOffsets()[a1];
        assertThat(m.neighborOffsets()[a1 + 1]).isGreaterThan(first);
        assertThat(m.neighborItems()[first]).isEqualTo(m.itemIndex("A2"));
        assertThat(m.popularity()[a1]).isGreaterThan(0f);
        assertThat(m.stats()).containsKeys("users", "items", "interactions", "neighbors", "ms.popularity",
                "ms.cooccurrence", "ms.als", "ms.alsEpochAvg", "ms.total", "param.rank", ShopModel.STAT_ALS_LAMBDA);
        assertThat(m.stats().get("param.threads")).isEqualTo("2");
        System.out.println("trainer stats: " + m.stats());

        // the artifact round-trips and fold-in keeps working after it (it reads its settings from the stats)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFormat.write(m, out);
        ShopModel back = ModelFormat.read(new ByteArrayInputStream(out.toByteArray()));
        int[] items = { a1, m.itemIndex("A2") };
        float[] w = { 5f, 5f };
        assertThat(back.foldInUser(items, w)).isEqualTo(m.foldInUser(items, w));
    }

    @Test
    void emptyDataGivesAnEmptyModel() {
        ShopModel m = ModelTrainer.train(new TrainingData(), TrainingParams.defaults(), Instant.EPOCH);
        assertThat(m.itemCount()).isZero();
        assertThat(m.hasFactors()).isFalse();
        assertThat(m.foldInUser(new int[0], new float[0])).hasSize(0);
    }

    @Test
    void onlyNegativeSignalsStillTrain() {
        TrainingData d = new TrainingData();
        d.add("u", "x", EventType.DISLIKE, -1f, 0L);
        ShopModel m = ModelTrainer.train(d, TrainingParams.defaults().withRank(4).withThreads(1), Instant.EPOCH);
        assertThat(m.itemCount()).isEqualTo(1);
        assertThat(m.popularity()[0]).isZero();
        for (float f : m.userFactors()) {
            assertThat(Float.isFinite(f)).isTrue();
        }
    }

    @Test
    void trainsTheRequestedItemModelsAndSkipsDenseOnesThatDoNotFit() {
        TrainingData d = ImplicitAlsTest.twoGroups(7);
        TrainingParams p = TrainingParams.defaults().withRank(4).withIterations(2).withThreads(1);
        java.util.Map<String, java.util.Map<String, String>> models = new java.util.LinkedHashMap<>();
        models.put("transitions", java.util.Map.of());
        models.put("ease", java.util.Map.of("servingTopK", "5"));
        models.put("seqlinear", java.util.Map.of("maxItems", "3"));
        ShopModel m = ModelTrainer.train(d, p, models, java.time.Instant.EPOCH);
        org.assertj.core.api.Assertions.assertThat(m.itemModels()).extracting(im -> im.name())
                .containsExactly("transitions", "ease");
        org.shoptide.core.model.ItemItemModel ease = m.itemModel("ease");
        for (int a = 0; a < ease.items(); a++) {
            org.assertj.core.api.Assertions.assertThat(ease.offsets()[a + 1] - ease.offsets()[a])
                    .isLessThanOrEqualTo(5);
        }
        org.assertj.core.api.Assertions.assertThat(m.stats()).containsKey("skipped.seqlinear").containsKey("ms.ease");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ModelTrainer.train(d, p, java.util.Map.of("als", java.util.Map.of()), java.time.Instant.EPOCH))
                .hasMessageContaining("not an item-to-item model");
    }
}
