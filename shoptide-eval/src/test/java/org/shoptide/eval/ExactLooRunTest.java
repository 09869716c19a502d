package org.shoptide.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.engine.EngineConfig;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.model.Contender;
import org.shoptide.eval.model.EngineBlend;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.LeaveOneOut;
import org.shoptide.eval.protocol.Protocol;
import org.shoptide.eval.protocol.Variant;

/**
 * The harness under exact leave-one-out: each model is trained once and ranks both splits, the engine reads the
 * validation item as live history without training on it, and {@code popular-leaky} counts every row.
 */
class ExactLooRunTest {
    @TempDir
    Path dir;

    private Path sasrec(Interactions d) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int r : d.chronological()) {
            sb.append(d.userId(d.user(r))).append(' ').append(d.itemId(d.item(r))).append('\n');
        }
        Path p = dir.resolve("chains.txt");
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private ObjectNode run(Path data, Protocol protocol, List<String> models, Map<String, Integer> trials)
            throws Exception {
        EvalRun.Options o = new EvalRun.Options(new Datasets.Spec("sasrec", data), protocol, models, 1, trials, 42, 2,
                Map.of(), null, null, null, EngineConfig.defaults(), null, dir.resolve("tmp"), null, dir);
        return EvalRun.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static JsonNode model(JsonNode report, String name) {
        for (JsonNode m : report.path("models")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name);
    }

    @Test
    void theBestTrialsModelRanksTheTestSplitAndLeakyPopularCountsEveryRow() throws Exception {
        Interactions d = Fixtures.chains(150, 60, 8, 0.2, 5);
        Path data = sasrec(d);
        ObjectNode r = run(data, new LeaveOneOut(), List.of("popular", "popular-leaky", "transitions"),
                Map.of("transitions", 3));
        JsonNode transitions = model(r, "transitions");
        int best = transitions.path("best").path("trial").asInt();
        assertThat(transitions.path("test").path("reusedTrial").asInt()).isEqualTo(best);
        assertThat(transitions.path("test").path("trainMillis").asLong())
                .isEqualTo(transitions.path("trials").get(best - 1).path("trainMillis").asLong());
        assertThat(transitions.path("test").path("peakHeapMiB").asLong()).isPositive();
        JsonNode splits = r.path("protocol").path("splits");
        assertThat(splits.path("test").path("trainRows").asLong())
                .isEqualTo(splits.path("validation").path("trainRows").asLong()).isEqualTo(150 * 6);
        assertThat(splits.path("test").path("historyOnlyRows").asLong()).isEqualTo(150);

        // popular-leaky trains on every (user, item) pair of the file, popular on the training rows only
        Set<Long> pairs = new HashSet<>();
        for (int row = 0; row < d.size(); row++) {
            pairs.add(((long) d.user(row) << 32) | d.item(row));
        }
        assertThat(model(r, "popular-leaky").path("test").path("stats").path("pairs").asLong()).isEqualTo(pairs.size());
        assertThat(model(r, "popular").path("test").path("stats").path("pairs").asLong()).isEqualTo(150 * 6);

        // the retraining variant trains the test split again, on one more item per user
        ObjectNode retrain = run(data, Protocol.parse("loo-retrain", null, null), List.of("transitions"),
                Map.of("transitions", 2));
        JsonNode rt = model(retrain, "transitions");
        assertThat(rt.path("test").has("reusedTrial")).isFalse();
        assertThat(retrain.path("protocol").path("splits").path("test").path("trainRows").asLong()).isEqualTo(150 * 7);
    }

    /**
     * Trained once on items[:-2], the engine first ranks validation (its next item is the validation target), then is
     * told each validation item as a purchase and excludes it from the test answers, as a live server would.
     */
    @Test
    void theEngineReadsTheValidationItemAsHistoryWithoutTrainingOnIt() throws Exception {
        Interactions d = Fixtures.chains(80, 40, 8, 0.0, 9);
        Protocol.Splits splits = new LeaveOneOut().split(d);
        EngineBlend blend = new EngineBlend(EngineConfig.defaults(), null, dir.resolve("tmp"));
        try (Contender.Trained trained = blend.train(splits.validation(), blend.defaults(1, 42))) {
            Ranker.Lists val = (Ranker.Lists) trained.ranker(splits.validation());
            int validationHits = 0;
            for (EvalCase c : splits.validation().cases()) {
                if (contains(val.recommend(c, Variant.LOO), c.targets()[0], 10)) {
                    validationHits++;
                }
            }
            assertThat(validationHits).as("the chain's next item is found on validation").isGreaterThan(40);
            Ranker.Lists test = (Ranker.Lists) trained.ranker(splits.test());
            int testHits = 0;
            for (EvalCase c : splits.test().cases()) {
                int[] list = test.recommend(c, Variant.LOO);
                int validationItem = c.history()[c.history().length - 1];
                assertThat(contains(list, validationItem, list.length)).as("purchased validation item excluded")
                        .isFalse();
                if (contains(list, c.targets()[0], 10)) {
                    testHits++;
                }
            }
            assertThat(testHits).as("the item after the validation item is found on test").isGreaterThan(40);
            assertThatThrownBy(() -> trained.ranker(splits.validation())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rank the validation split first");
        }
        Protocol.Splits retrain = Protocol.parse("loo-retrain", null, null).split(d);
        try (Contender.Trained trained = blend.train(retrain.validation(), blend.defaults(1, 42))) {
            assertThatThrownBy(() -> trained.ranker(retrain.test())).hasMessageContaining("training rows differ");
        }
    }

    private static boolean contains(int[] list, int item, int k) {
        for (int i = 0; i < Math.min(k, list.length); i++) {
            if (list[i] == item) {
                return true;
            }
        }
        return false;
    }
}
