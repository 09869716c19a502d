package org.shoptide.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The impression properties codec: what exposure logging writes is what attribution and learning to rank read. */
class ImpressionPropertiesTest {

    private static final ImpressionProperties SERVED = new ImpressionProperties(ImpressionProperties.SERVER, "u1",
            "blend", 3L, 2, "exp_1", "B", List.of(0.9, 0.5), Arrays.asList("als", null), List.of("als", "popular"),
            List.of(Map.of("als", 1.0, "popular", 0.25), Map.of("popular", 1.0)), 0.1, true, List.of(0.95, 0.05));

    @Test
    void roundTrips() {
        Map<String, String> p = SERVED.toProperties();
        assertThat(p).containsEntry("source", "server").containsEntry("unit", "u1").containsEntry("model", "blend")
                .containsEntry("modelVersion", "3").containsEntry("ruleVersion", "2")
                .containsEntry("experiment", "exp_1").containsEntry("variant", "B").containsEntry("scores", "0.9,0.5")
                .containsEntry("sources", "als,null").containsEntry("sourceNames", "als,popular")
                .containsEntry("sourceScores", "1,0.25;,1").containsEntry("explorationRate", "0.1")
                .containsEntry("explored", "true").containsEntry("propensities", "0.95,0.05");
        assertThat(ImpressionProperties.parse(p)).isEqualTo(SERVED);
    }

    @Test
    void withoutExplorationOrExperimentTheirFieldsAreAbsent() {
        ImpressionProperties plain = new ImpressionProperties(ImpressionProperties.SERVER, null, "blend", 1L, 0, null,
                null, List.of(1.0), List.of("popular"), List.of("popular"), List.of(Map.of("popular", 1.0)), null,
                false, null);
        Map<String, String> p = plain.toProperties();
        assertThat(p).doesNotContainKeys("unit", "experiment", "variant", "explorationRate", "explored",
                "propensities");
        assertThat(ImpressionProperties.parse(p)).isEqualTo(plain);
    }

    @Test
    void readingIsLenientAndChecksAlignment() {
        ImpressionProperties client = ImpressionProperties.parse(Map.of("scores", "1,x", "sources", "als"));
        assertThat(client.server()).isFalse();
        assertThat(client.modelVersion()).isNull();
        assertThat(client.scoresAligned(2)[0]).isEqualTo(1.0);
        assertThat(client.scoresAligned(2)[1]).isNaN();
        assertThat(client.scoresAligned(3)).containsOnly(Double.NaN);
        assertThat(client.sourcesAligned(2)).isNull();
        assertThat(client.sourceScoresAligned(2)).isNull();
        assertThat(client.propensitiesAligned(1)).containsOnly(Double.NaN);
    }

    @Test
    void scoresAreCompact() {
        assertThat(ImpressionProperties.compact(0.123456)).isEqualTo("0.1235");
        assertThat(ImpressionProperties.compact(2.0)).isEqualTo("2");
        assertThat(ImpressionProperties.compact(Double.NaN)).isEqualTo("0");
    }
}
