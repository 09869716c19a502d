package org.shoptide.peers.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFilesTest {
    @TempDir
    Path dir;

    @Test
    void trainLinesAreSummedPerPairAndIdsIndexedInOrderOfFirstAppearance() throws IOException {
        Path f = Files.writeString(dir.resolve("train.tsv"),
                "u2\ti9\t1\t10\nu1\ti9\t4\t11\nu2\ti9\t8\t12\nu2\ti3\t-1\t13\n");

        Interactions d = SplitFiles.readTrain(f);

        assertThat(d.eventCount()).isEqualTo(4);
        assertThat(d.pairCount()).isEqualTo(3);
        assertThat(d.userIndex("u2")).isZero();
        assertThat(d.userIndex("u1")).isEqualTo(1);
        assertThat(d.itemIndex("i3")).isEqualTo(1);
        assertThat(d.pairWeight(0)).isEqualTo(9f);
        assertThat(d.pairWeight(2)).isEqualTo(-1f);
        assertThat(d.itemsOf(0)).as("every training item, whatever its weight").containsExactly(0, 1);
        assertThat(d.itemsOf(5)).isEmpty();
    }

    @Test
    void manyPairsSurviveTheTablesGrowing() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int u = 0; u < 300; u++) {
            for (int i = 0; i < 40; i++) {
                s.append('u').append(u).append("\ti").append((u + i) % 97).append("\t1\t0\n");
            }
        }
        Interactions d = SplitFiles.readTrain(Files.writeString(dir.resolve("train.tsv"), s));

        assertThat(d.pairCount()).isEqualTo(300 * 40);
        assertThat(d.itemsOf(d.userIndex("u5"))).hasSize(40).isSorted();
    }

    @Test
    void badLinesAreNamedWithFileAndLineNumber() throws IOException {
        Path three = Files.writeString(dir.resolve("a.tsv"), "u\ti\t1\t0\nu\ti\t1\n");
        Path empty = Files.writeString(dir.resolve("b.tsv"), "u\t\t1\t0\n");
        Path nan = Files.writeString(dir.resolve("c.tsv"), "u\ti\tNaN\t0\n");
        Path number = Files.writeString(dir.resolve("d.tsv"), "u\ti\t1\tyesterday\n");
        Path targets = Files.writeString(dir.resolve("e.tsv"), "u\ti\nu\ti\tx\n");

        assertThatThrownBy(() -> SplitFiles.readTrain(three))
                .hasMessage(three + " line 2: expected 4 tab-separated fields (user, item, weight, epochMillis)");
        assertThatThrownBy(() -> SplitFiles.readTrain(empty)).hasMessage(empty + " line 1: field 2 (item) is empty");
        assertThatThrownBy(() -> SplitFiles.readTrain(nan)).hasMessage(nan + " line 1: weight must be finite, got NaN");
        assertThatThrownBy(() -> SplitFiles.readTrain(number)).hasMessageContaining(number + " line 1: ")
                .hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> SplitFiles.readTargets(targets))
                .hasMessage(targets + " line 2: expected 2 tab-separated fields (user, item)");
    }

    @Test
    void targetsAreDistinctPerUserInOrder() throws IOException {
        Path f = Files.writeString(dir.resolve("targets.tsv"), "u2\ti1\nu1\ti5\nu2\ti0\nu2\ti1\n");

        Map<String, List<String>> t = SplitFiles.readTargets(f);

        assertThat(t).containsExactly(Map.entry("u2", List.of("i1", "i0")), Map.entry("u1", List.of("i5")));
    }
}
