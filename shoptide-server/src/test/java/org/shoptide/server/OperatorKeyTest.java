package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.http.OperatorKey;

class OperatorKeyTest {
    @TempDir
    Path dir;

    @Test
    void generatedOnFirstStartPrintedOnceAndOnlyTheHashIsStored() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        OperatorKey k1 = OperatorKey.resolve(null, dir, new PrintStream(first, true, StandardCharsets.UTF_8));
        String printed = first.toString(StandardCharsets.UTF_8);
        String key = printed.lines().filter(l -> l.trim().startsWith("op_")).findFirst().orElseThrow().trim();
        assertThat(k1.matches(key)).isTrue();
        assertThat(k1.matches(key + "x")).isFalse();
        String stored = Files.readString(dir.resolve(OperatorKey.HASH_FILE));
        assertThat(stored).doesNotContain(key).matches("[0-9a-f]{64}\\s*");

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        OperatorKey k2 = OperatorKey.resolve(null, dir, new PrintStream(second, true, StandardCharsets.UTF_8));
        assertThat(second.size()).isZero();
        assertThat(k2.matches(key)).isTrue();
    }

    @Test
    void configuredKeyWinsAndNothingIsWritten() {
        OperatorKey k = OperatorKey.resolve("configured-operator-key", dir,
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(k.matches("configured-operator-key")).isTrue();
        assertThat(dir.resolve(OperatorKey.HASH_FILE)).doesNotExist();
    }
}
