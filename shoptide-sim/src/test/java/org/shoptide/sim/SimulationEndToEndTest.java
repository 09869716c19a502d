package org.shoptide.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small simulation end to end over real HTTP: the production server in process, a seeded shop of 480 users, one
 * warm-up day, then three days of an experiment of popularity against the personalized blend. The server's experiment
 * results must count exactly what the simulator sent, and personalized recommendations must be clicked more.
 */
class SimulationEndToEndTest {

    @Test
    void experimentResultsCountWhatTheSimulatorSentAndPersonalizedIsClickedMore() {
        StudyConfig c = new StudyConfig(20260105L, 480, 120, 1, 3, 0.5, 4, 8, ChoiceModel.defaults());
        ObjectNode r = ExperimentStudy.run(c);
        Map<String, JsonNode> server = Experiments.variants(r.get("server"));
        JsonNode sim = r.get("simulator");
        assertThat(server.keySet()).as(r.toPrettyString()).containsExactlyInAnyOrder(ExperimentStudy.CONTROL,
                ExperimentStudy.TREATMENT);
        long visitors = 0;
        for (String v : server.keySet()) {
            JsonNode s = server.get(v);
            JsonNode t = sim.get(v);
            String where = v + ": server " + s + "\nsimulator " + t;
            assertThat(s.get("visitors").asLong()).as(where).isEqualTo(t.get("visitors").asLong());
            assertThat(s.get("conversions").asLong()).as(where).isEqualTo(t.get("converters").asLong());
            assertThat(s.get("orders").asLong()).as(where).isEqualTo(t.get("orders").asLong());
            assertThat(s.get("revenue").asDouble()).as(where).isCloseTo(t.get("revenue").asDouble(), offset(0.01));
            assertThat(s.get("impressions").asLong()).as(where).isEqualTo(t.get("recommendations").asLong());
            assertThat(s.get("clicks").asLong()).as(where).isEqualTo(t.get("clicks").asLong());
            assertThat(Experiments.value(s, "conversionRate")).as(where).isCloseTo(t.get("conversionRate").asDouble(),
                    offset(1e-9));
            visitors += s.get("visitors").asLong();
        }
        assertThat(visitors).isGreaterThan(100);
        assertThat(r.path("server").path("srm").path("mismatch").asBoolean()).isFalse();
        // personalized recommendations match the hidden tastes better than the best sellers do (at this small scale
        // only the direction is robust: runs are not bit-for-bit repeatable, the server's exploration is unseeded)
        assertThat(sim.get(ExperimentStudy.TREATMENT).get("ctr").asDouble())
                .isGreaterThan(sim.get(ExperimentStudy.CONTROL).get("ctr").asDouble());
        assertThat(Experiments.value(server.get(ExperimentStudy.TREATMENT), "ctr"))
                .isGreaterThan(Experiments.value(server.get(ExperimentStudy.CONTROL), "ctr"));
    }
}
