package org.shoptide.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.algo.Algorithms;
import org.shoptide.eval.model.RegistryModel;
import org.shoptide.eval.model.SearchSpace;

class SearchSpaceTest {
    @Test
    void everySearchSpaceNamesRealParameters() {
        for (String m : Algorithms.names()) {
            Map<String, String> d = new RegistryModel(m).defaults(1, 42);
            assertThat(d.keySet()).as(m).containsAll(SearchSpace.of(m).keySet());
            // every candidate value is accepted by the registry's parsing (checked by drawing the whole space)
            assertThat(SearchSpace.trials(m, d, Map.of(), 5, 1)).isNotEmpty();
        }
    }

    @Test
    void theBlendsSpaceNamesItsParameters() {
        var blend = new org.shoptide.eval.model.EngineBlend(org.shoptide.engine.EngineConfig.defaults(), null, null);
        Map<String, String> d = blend.defaults(1, 42);
        assertThat(d).containsEntry("itemModels", "transitions").containsEntry("w.transitions", "1")
                .containsEntry("w.session", "1.2");
        assertThat(SearchSpace.trials("blend", d, Map.of(), 4, 1)).hasSize(4);
    }

    @Test
    void trialsStartWithTheDefaultsAreDistinctAndSeeded() {
        Map<String, String> d = new RegistryModel("als").defaults(2, 42);
        List<Map<String, String>> a = SearchSpace.trials("als", d, Map.of("rank", "8"), 12, 99);
        assertThat(a).hasSize(12);
        assertThat(a.get(0)).containsEntry("lambda", d.get("lambda")).containsEntry("rank", "8");
        assertThat(new HashSet<>(a)).hasSize(12);
        assertThat(a).allSatisfy(p -> assertThat(p).containsEntry("rank", "8"));
        assertThat(SearchSpace.trials("als", d, Map.of("rank", "8"), 12, 99)).isEqualTo(a);
        assertThat(SearchSpace.trials("als", d, Map.of("rank", "8"), 12, 100)).isNotEqualTo(a);
        // a small space is exhausted rather than repeated
        assertThat(SearchSpace.trials("ease", new RegistryModel("ease").defaults(1, 1), Map.of(), 50, 1)).hasSize(7);
        assertThat(SearchSpace.trials("popular", new RegistryModel("popular").defaults(1, 1), Map.of(), 5, 1))
                .hasSize(1);
    }
}
