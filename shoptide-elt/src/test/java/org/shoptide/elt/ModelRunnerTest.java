package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.model.DuckModelRunner;
import org.shoptide.elt.model.ModelGraph;
import org.shoptide.elt.model.RunReport;
import org.shoptide.elt.model.SqlModel;

class ModelRunnerTest {
    static final ShopId SHOP = ShopId.of("acme");
    static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    EltLayout layout;
    DuckModelRunner runner;

    @BeforeEach
    void landPeople() throws Exception {
        layout = new EltLayout(dir.resolve("lake"));
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,channel\n1,web\n2,store\n3,web\n");
        new Lander(layout, SHOP, PiiHasher.forShop(Examples.SECRET, SHOP),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
                        .load(new SourceSpec("people", "file", true, Map.of(), RawFormat.CSV, Optional.of("x"),
                                Optional.empty(), Optional.empty()), new FileConnector(csv, RawFormat.CSV), "l1");
        runner = new DuckModelRunner(layout, 1);
    }

    private static SqlModel model(String name, String depends, String tests, String sql) {
        StringBuilder t = new StringBuilder("-- version: 1\n-- depends: " + depends + "\n");
        for (String s : tests.isEmpty() ? new String[0] : tests.split("\\|")) {
            t.append("-- test: ").append(s).append('\n');
        }
        return SqlModel.parse("10_" + name + ".sql", t + sql);
    }

    private long martRows(String name) throws Exception {
        try (var c = Duck.open(1)) {
            return Duck.scalarLong(c, "SELECT count(*) FROM read_parquet(" + Duck.lit(layout.mart(SHOP, name)) + ")");
        }
    }

    @Test
    void modelsRunInDependencyOrderAndPublishWhenAllTestsPass() throws Exception {
        // listed in the wrong order on purpose
        SqlModel b = model("b_web", "a_people", "row_count(min=1, max=5)|accepted_values(channel, 'web')",
                "SELECT * FROM a_people WHERE channel = 'web'");
        SqlModel a = model("a_people", "raw_people", "not_null(id)|unique(id)",
                "SELECT CAST(id AS INT) AS id, channel FROM raw_people");
        RunReport r = runner.run(SHOP, List.of(b, a), DAY, "r1");
        assertThat(r.failure()).isEmpty();
        assertThat(r.built()).extracting(RunReport.Built::model).containsExactly("a_people", "b_web");
        assertThat(r.built().get(1).rows()).isEqualTo(2);
        assertThat(martRows("a_people")).isEqualTo(3);
        assertThat(martRows("b_web")).isEqualTo(2);
        assertThat(layout.staging(SHOP, "r1")).doesNotExist();
    }

    @Test
    void aCycleOrAnUnknownInputIsAClearError() {
        SqlModel x = model("x", "y", "", "SELECT 1 AS v");
        SqlModel y = model("y", "x", "", "SELECT 1 AS v");
        assertThatThrownBy(() -> ModelGraph.order(List.of(x, y), java.util.Set.of())).hasMessageContaining("cycle")
                .hasMessageContaining("[x, y]");
        SqlModel z = model("z", "raw_nothing", "", "SELECT 1 AS v");
        assertThatThrownBy(() -> runner.run(SHOP, List.of(z), DAY, "r1"))
                .hasMessageContaining("depends on 'raw_nothing'");
    }

    @Test
    void eachFailingDataTestBlocksPublicationAndTheOldMartStays() throws Exception {
        SqlModel good = model("m", "raw_people", "", "SELECT CAST(id AS INT) AS id, channel FROM raw_people");
        assertThat(runner.run(SHOP, List.of(good), DAY, "r0").published()).isTrue();
        byte[] before = Files.readAllBytes(layout.mart(SHOP, "m"));
        Map<String, String> failing = Map.of("not_null(id)",
                "SELECT CASE WHEN id = '2' THEN NULL ELSE id END AS id, channel FROM raw_people", "unique(channel)",
                "SELECT id, channel FROM raw_people", "accepted_values(channel, 'web')",
                "SELECT id, channel FROM raw_people", "row_count(min=4)", "SELECT id, channel FROM raw_people",
                "row_count(max=2)", "SELECT id, channel FROM raw_people");
        Map<String, String> expected = Map.of("not_null(id)", "1 offending rows", "unique(channel)", "2 offending rows",
                "accepted_values(channel, 'web')", "1 offending rows", "row_count(min=4)", "3 rows", "row_count(max=2)",
                "3 rows");
        int i = 0;
        for (Map.Entry<String, String> e : failing.entrySet()) {
            RunReport r = runner.run(SHOP, List.of(model("m", "raw_people", e.getKey(), e.getValue())), DAY, "f" + i++);
            assertThat(r.published()).as(e.getKey()).isFalse();
            assertThat(r.failure()).as(e.getKey()).hasValueSatisfying(
                    f -> assertThat(f).contains("model m").contains(e.getKey()).contains(expected.get(e.getKey())));
            assertThat(Files.readAllBytes(layout.mart(SHOP, "m"))).as(e.getKey()).isEqualTo(before);
        }
    }

    @Test
    void aFailureDownstreamPublishesNothingUpstreamEither() throws Exception {
        SqlModel a = model("a2", "raw_people", "", "SELECT id FROM raw_people");
        SqlModel b = model("b2", "a2", "row_count(min=100)", "SELECT * FROM a2");
        RunReport r = runner.run(SHOP, List.of(a, b), DAY, "r1");
        assertThat(r.published()).isFalse();
        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f).contains("model b2"));
        assertThat(layout.mart(SHOP, "a2")).doesNotExist();
    }
}
