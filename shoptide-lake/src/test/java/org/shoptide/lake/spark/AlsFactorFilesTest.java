package org.shoptide.lake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlsFactorFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsIdsAndFactorsOfBothSides() throws IOException {
        FactorFilesFixture.write(dir, 2, new String[] { "u1", "ü-2" }, new float[] { 1, 2, 3, 4 },
                new String[] { "item/1" }, new float[] { -0.5f, 0.25f });
        AlsFactorFiles.Factors f = AlsFactorFiles.read(dir);
        assertThat(f.rank()).isEqualTo(2);
        assertThat(f.users().ids()).containsExactly("u1", "ü-2");
        assertThat(f.users().factors()).containsExactly(1, 2, 3, 4);
        assertThat(f.items().ids()).containsExactly("item/1");
        assertThat(f.items().factors()).containsExactly(-0.5f, 0.25f);
        assertThat(f.manifest().path("sparkVersion").asText()).isEqualTo("4.1.0");
    }

    @Test
    void rejectsAMissingManifestAWrongVersionAndFilesOfTheWrongLength() throws IOException {
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("no manifest.json");
        FactorFilesFixture.write(dir, 2, new String[] { "u1" }, new float[] { 1, 2 }, new String[] { "i" },
                new float[] { 3, 4 });
        Path m = dir.resolve("manifest.json");
        String good = Files.readString(m);
        Files.writeString(m, good.replace("\"version\": 1", "\"version\": 2"));
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("version 2");
        Files.writeString(m, good.replace("\"users\": 1", "\"users\": 2"));
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("shorter");
        Files.writeString(m, good);
        byte[] users = Files.readAllBytes(dir.resolve("users.bin"));
        Files.write(dir.resolve("users.bin"), Arrays.copyOf(users, users.length + 1));
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("longer");
        Files.write(dir.resolve("users.bin"),
                FactorFilesFixture.side(new String[] { "u1" }, new float[] { Float.NaN, 0 }, 2));
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("NaN");
        Files.writeString(m, good.replace("shoptide-als-factors", "other"));
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("not a shoptide-als-factors");
    }

    @Test
    void rejectsADuplicateIdAndABadMagic() throws IOException {
        FactorFilesFixture.write(dir, 1, new String[] { "u", "u" }, new float[] { 1, 2 }, new String[] { "i" },
                new float[] { 3 });
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("twice");
        FactorFilesFixture.write(dir, 1, new String[] { "u" }, new float[] { 1 }, new String[] { "i" },
                new float[] { 3 });
        byte[] items = Files.readAllBytes(dir.resolve("items.bin"));
        items[0] = 'X';
        Files.write(dir.resolve("items.bin"), items);
        assertThatThrownBy(() -> AlsFactorFiles.read(dir)).hasMessageContaining("does not start with STALSF01");
    }
}
