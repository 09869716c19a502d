package org.shoptide.eval.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.data.ProductionWeights;
import org.shoptide.eval.metrics.Evaluator;
import org.shoptide.eval.metrics.MetricSet;
import org.shoptide.eval.model.Contender;
import org.shoptide.eval.model.RegistryModel;
import org.shoptide.eval.protocol.LeaveOneOut;
import org.shoptide.eval.protocol.Split;

/**
 * Most-popular on SASRec's ML-1M file ({@code ml-1m.txt}, Kang &amp; McAuley 2018), pinned to four decimals under each
 * leave-one-out variant (see {@code docs/EVALUATION.md}, "Most-popular and leakage"). MovieLens is never committed:
 * the test reads {@code shared/datasets/ml-1m-sasrec/ml-1m.txt.xz} from the nearest directory above the working
 * directory that has it (the repository's {@code ../shared}) and is skipped when there is none.
 */
class Ml1mMostPopularTest {
    /** sha256 of the published {@code ml-1m.txt.xz} (the dataset README's). */
    private static final String SHA256 = "4335747ad3d8b53de85987d35de4367042b6a2a947ee6bc73523517b284319b6";
    private static Interactions data;

    @BeforeAll
    static void load() throws Exception {
        Path file = find();
        assumeTrue(file != null, "ML-1M (shared/datasets/ml-1m-sasrec/ml-1m.txt.xz) is not on this machine");
        data = Datasets.load(new Datasets.Spec("sasrec", file), ProductionWeights.defaults());
        assertThat(data.provenance().sha256()).isEqualTo(SHA256);
    }

    private static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("shared/datasets/ml-1m-sasrec/ml-1m.txt.xz");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    /** R@10 and NDCG@10 of {@code model} on the test split, four decimals. */
    private static String score(String model, Split test) throws Exception {
        Contender c = new RegistryModel(model);
        try (Contender.Trained t = c.train(test, c.defaults(2, 42))) {
            MetricSet m = new Evaluator(2).evaluate(test, t.ranker(test)).get("loo");
            assertThat(m.users()).isEqualTo(6040);
            return String.format(Locale.ROOT, "%.4f %.4f", m.get("recall@10"), m.get("ndcg@10"));
        }
    }

    /** Exact protocol: popularity over items[:-2] of every user, history items[:-1] masked. */
    @Test
    void exactProtocol() throws Exception {
        assertThat(score("popular", new LeaveOneOut().split(data).test())).isEqualTo("0.0000 0.0000");
    }

    /** The dataset README's reference (popularity over items[:-1], R@10 0.0363, NDCG@10 0.0178), reproduced. */
    @Test
    void retrainingVariantReproducesTheReference() throws Exception {
        assertThat(score("popular", new LeaveOneOut(true).split(data).test())).isEqualTo("0.0363 0.0178");
    }

    /** Popularity over every row, the test targets included: leaks the answers, as some published rows do. */
    @Test
    void leakyPopularity() throws Exception {
        assertThat(score(RegistryModel.LEAKY_POPULAR, new LeaveOneOut().split(data).test())).isEqualTo("0.0000 0.0000");
    }
}
