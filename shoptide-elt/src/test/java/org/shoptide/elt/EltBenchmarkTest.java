package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.elt.bench.EltBenchmark;
import org.shoptide.elt.model.RunReport;

/** Runs the benchmark's body once at a tiny size, so it cannot rot. */
class EltBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void theBenchmarkBodyRunsAndPublishesTheMart() throws Exception {
        EltBenchmark.Result r = EltBenchmark.run(dir, 5_000, 2_000, 2);
        assertThat(r.report().failure()).isEmpty();
        assertThat(r.report().published()).isTrue();
        RunReport.Built mart = r.report().built().get(r.report().built().size() - 1);
        assertThat(mart.model()).isEqualTo("mart_customer_360");
        assertThat(mart.rows()).isPositive();
        assertThat(r.loads()).hasSize(5);
        assertThat(r.row()).contains("5,000 events").contains("peak RSS");
    }
}
