package org.shoptide.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.onnx.OnnxShop.SHOP;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rerank.RerankerProvider;
import org.shoptide.testing.onnx.TinyOnnx;

/**
 * Upload, validation, the hold-out gate and serving of a shop's own ONNX model on a real engine ({@link OnnxShop}).
 */
class OnnxModelsTest {
    static OnnxShop shop;
    static List<String> table;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        shop = new OnnxShop();
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private OnnxModels models(OnnxModelStore store) {
        OnnxModels m = shop.onnx(store, 1 << 20, Duration.ofSeconds(5));
        table = m.itemTable(SHOP, null).items();
        return m;
    }

    private static Recommendation recommend(String user, int n) {
        return shop.engine
                .recommend(new RecommendationRequest(SHOP, Scenario.USER, user, null, null, null, n, null, true, null));
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void aModelThatKnowsTheRuleBeatsTheBlendOnTheHoldoutAndReranksRecommendations() {
        OnnxModelStore store = new OnnxModelStore(dir);
        OnnxModels models = models(store);
        // a visitor who just viewed i50: the blend's answer before any model
        shop.engine.ingest(SHOP, List.of(Event.ofItem(EventType.VIEW, "v1", "i50", shop.clock.instant())));
        List<String> blend = ids(recommend("v1", 10));

        OnnxModels.Version v = models.upload(SHOP, TinyOnnx.nextItem(OnnxShop.next(table), 1f), null);
        Map<String, String> meta = v.info().metadata();
        assertThat(v.serving()).isTrue();
        assertThat(meta).containsEntry("gate.decision", "serve").containsEntry("eval.protocol", "leave-latest-out")
                .containsEntry("eval.onnx.recall@20", "1.0000").containsEntry("eval.onnx.ndcg@20", "1.0000")
                .containsKeys("eval.baseline", "eval.baseline.ndcg@20", "sha256", "targetModelVersion");
        assertThat(Double.parseDouble(meta.get("eval.baseline.ndcg@20"))).isLessThan(0.9);
        assertThat(Integer.parseInt(meta.get("eval.users"))).isGreaterThanOrEqualTo(50);
        assertThat(meta.get("gate.reason")).contains("beats the blend's");

        try (OnnxRerankers rerankers = new OnnxRerankers(store,
                new OnnxInference(Duration.ofSeconds(2), 2, new SimpleMeterRegistry()), Set.of(Scenario.USER),
                RerankerProvider.NONE, 0)) {
            shop.engine.withRerankers(rerankers);
            List<String> served = ids(recommend("v1", 10));
            assertThat(served.get(0)).isEqualTo("i51");
            assertThat(served).containsExactlyInAnyOrderElementsOf(served).hasSize(10);
            assertThat(rerankers.inference().fallbacks(OnnxInference.Fallback.TIMEOUT)).isZero();
            assertThat(rerankers.inference().fallbacks(OnnxInference.Fallback.ERROR)).isZero();

            // the opposite model loses on the hold-out: stored and active, but the blend serves
            OnnxModels.Version loser = models.upload(SHOP, TinyOnnx.nextItem(OnnxShop.next(table), -1f), null);
            assertThat(loser.serving()).isFalse();
            assertThat(loser.info().metadata()).containsEntry("gate.decision", "blend");
            assertThat(loser.info().metadata().get("gate.reason")).contains("does not beat");
            assertThat(ids(recommend("v1", 10))).isEqualTo(blend);

            // activating the winner again serves it; deleting it leaves the blend
            assertThat(models.activate(SHOP, v.info().version()).serving()).isTrue();
            assertThat(ids(recommend("v1", 10)).get(0)).isEqualTo("i51");
            models.delete(SHOP, v.info().version());
            assertThat(models.list(SHOP)).extracting(x -> x.info().version()).containsExactly(loser.info().version());
            assertThat(ids(recommend("v1", 10))).isEqualTo(blend);
        } finally {
            shop.engine.withRerankers(RerankerProvider.NONE);
        }
    }

    @Test
    void everyBrokenUploadIsRejectedWithItsReasonsAndNothingIsStored() {
        OnnxModelStore store = new OnnxModelStore(dir);
        OnnxModels models = models(store);
        assertRejected(models, new byte[] { 1, 2, 3, 4 }, 422, "not a model ONNX Runtime can load");
        assertRejected(models, new byte[0], 422, "the body is empty");
        // wrong element type, a missing output and an input outside the contract, all reported at once
        byte[] wrong = new TinyOnnx().input("history", TinyOnnx.FLOAT, "H").input("candidates", TinyOnnx.INT64, "C")
                .input("user_age", TinyOnnx.FLOAT, 1L).output("out", TinyOnnx.FLOAT, "C")
                .node("Identity", List.of("history"), List.of("out")).build();
        OnnxRejected r = assertRejected(models, wrong, 422, "input 'history' must be int64, is float");
        assertThat(String.join("\n", r.problems())).contains("input 'user_age' is not part of the contract")
                .contains("the model has no output 'scores'");
        // wrong ranks: candidates fixed at 3, features with another feature count
        byte[] ranks = new TinyOnnx().input("history", TinyOnnx.INT64, 1L, 2L, "H")
                .input("candidates", TinyOnnx.INT64, 3L).input("features", TinyOnnx.FLOAT, "C", 4L)
                .output("scores", TinyOnnx.FLOAT, "C").node("Identity", List.of("features"), List.of("scores")).build();
        r = assertRejected(models, ranks, 422, "input 'history' must have rank 1 ([H]) or 2 ([1, H]), has rank 3");
        assertThat(String.join("\n", r.problems())).contains("input 'candidates' must be [C] with C symbolic")
                .contains("input 'features' must be [C, " + OnnxContract.FEATURES.size() + "]");
        // a model built for a smaller table fails its dry run (index out of range)
        assertRejected(models, TinyOnnx.nextItem(new int[] { 1, 2, -1 }, 1f), 422, "the dry run failed");
        // too large, and too slow to validate
        assertRejected(shop.onnx(store, 1000, Duration.ofSeconds(5)), TinyOnnx.nextItem(OnnxShop.next(table), 1f), 413,
                "at most 1000 are accepted");
        assertRejected(shop.onnx(store, 1 << 26, Duration.ofNanos(1)), TinyOnnx.nextItem(OnnxShop.next(table), 1f), 422,
                "more than the 0 ms allowed");
        assertThat(store.list(SHOP)).isEmpty();
        assertThat(store.active(SHOP)).isEmpty();
        // a target model version the shop does not keep
        assertThatThrownBy(() -> models.upload(SHOP, TinyOnnx.nextItem(OnnxShop.next(table), 1f), 99L))
                .isInstanceOfSatisfying(OnnxRejected.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aSlowOrFailingModelFallsBackToTheBlendOrderAndIsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> problems = new ArrayList<>();
        List<String> items = List.of("a", "b", "c", "d");
        List<org.shoptide.engine.rerank.RerankCandidate> candidates = List.of(
                new org.shoptide.engine.rerank.RerankCandidate("c", 3, 1, "als", Map.of()),
                new org.shoptide.engine.rerank.RerankCandidate("a", 2, 2, "als", Map.of()),
                new org.shoptide.engine.rerank.RerankCandidate("zz", 1, 3, "als", Map.of()));
        org.shoptide.engine.rerank.RerankContext ctx = new org.shoptide.engine.rerank.RerankContext(SHOP, Scenario.USER,
                null,
                org.shoptide.embedded.realtime.InMemoryRealtimeState.FACTORY.open(SHOP,
                        new org.shoptide.core.port.RealtimeState.Limits(5, 3, 60_000L, 3, 2, 3, 3, 3_600_000L,
                                36_000_000L),
                        id -> List.of()),
                id -> null, 0);
        try (OnnxInference inference = new OnnxInference(Duration.ofMillis(1), 1, registry);
                OnnxScorer slow = OnnxScorer.load(TinyOnnx.slow(4, 1024, 40), problems);
                OnnxScorer small = OnnxScorer.load(TinyOnnx.nextItem(new int[] { 1, -1 }, 1f), problems)) {
            assertThat(problems).isEmpty();
            double[] s = new OnnxReranker(slow, items, inference).score(ctx, candidates);
            assertThat(s).containsExactly(-1, -2, -3);
            assertThat(inference.fallbacks(OnnxInference.Fallback.TIMEOUT)).isEqualTo(1);
            assertThat(registry.get("shoptide.onnx.fallbacks").tag("reason", "timeout").counter().count()).isEqualTo(1);
            // a model whose table is larger than its embedding: the run fails, the blend order stays
            try (OnnxInference patient = new OnnxInference(Duration.ofSeconds(5), 1, registry)) {
                assertThat(new OnnxReranker(small, items, patient).score(ctx, candidates)).containsExactly(-1, -2, -3);
                assertThat(patient.fallbacks(OnnxInference.Fallback.ERROR)).isEqualTo(1);
            }
        }
    }

    private static OnnxRejected assertRejected(OnnxModels models, byte[] model, int status, String reason) {
        try {
            models.upload(SHOP, model, null);
        } catch (OnnxRejected e) {
            assertThat(e.status()).isEqualTo(status);
            assertThat(String.join("\n", e.problems())).contains(reason);
            return e;
        }
        throw new AssertionError("accepted: " + reason);
    }
}
