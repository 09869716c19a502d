package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ShopModel;

class ModelTrainerFitterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TrainingData data() {
        TrainingData d = new TrainingData();
        d.add("u1", "a", EventType.VIEW, 1, 1);
        d.add("u1", "b", EventType.VIEW, 1, 2);
        d.add("u2", "b", EventType.PURCHASE, 8, 3);
        return d;
    }

    @Test
    void theModelsAlsFactorsAreTheFittersAndEverythingElseIsTrainedAsAlways() {
        TrainingParams p = TrainingParams.defaults().withRank(2).withThreads(1);
        ImplicitAls.Result given = new ImplicitAls.Result(2, new float[] { 1, 2, 3, 4 }, new float[] { 5, 6, 7, 8 },
                new float[] { 74, 86, 86, 100 }, new long[0]);
        ShopModel m = ModelTrainer.train(data(), p, Map.of(), NOW, (d, params, pool) -> given);
        assertThat(m.rank()).isEqualTo(2);
        assertThat(m.userVector(m.userIndex("u2"))).containsExactly(3, 4);
        ShopModel inProcess = ModelTrainer.train(data(), p, Map.of(), NOW);
        assertThat(m.itemIds()).containsExactly(inProcess.itemIds());
        assertThat(m.stats()).containsEntry("neighbors", inProcess.stats().get("neighbors"))
                .containsEntry(ShopModel.STAT_ALS_LAMBDA, inProcess.stats().get(ShopModel.STAT_ALS_LAMBDA));
    }

    @Test
    void factorsThatDoNotFitTheTrainingDataAreRejected() {
        TrainingParams p = TrainingParams.defaults().withRank(2).withThreads(1);
        ImplicitAls.Result shortUsers = new ImplicitAls.Result(2, new float[] { 1, 2 }, new float[4], new float[4],
                new long[0]);
        assertThatThrownBy(() -> ModelTrainer.train(data(), p, Map.of(), NOW, (d, params, pool) -> shortUsers))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not fit the training data");
    }
}
