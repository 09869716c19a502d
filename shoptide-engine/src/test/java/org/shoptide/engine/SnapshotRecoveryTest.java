package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;

/**
 * A damaged snapshot never breaks a start (torn, bit-flipped, unknown version: the previous one or the whole log is
 * used instead), and an erasure is never undone by a snapshot taken before it (ADR 0037).
 */
class SnapshotRecoveryTest {
    @TempDir
    Path dir;

    private static DefaultEngine engine(EngineFixture f, Path snapshots) {
        DefaultEngine e = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY);
        if (snapshots != null) {
            e.withSnapshots(snapshots, Duration.ZERO);
        }
        e.start();
        return e;
    }

    private static void views(EngineFixture f, DefaultEngine e, String user, int from, int to) {
        List<Event> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            f.clock.advance(Duration.ofSeconds(5));
            batch.add(f.view(user, "i" + (i % 10)));
        }
        e.ingest(SHOP, batch);
    }

    private void setUp(EngineFixture f) {
        DefaultEngine e = f.engine();
        e.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            catalog.add(item("i" + i, "Thing " + i, "Acme", 5 + i, true, "Home"));
        }
        e.upsertItems(SHOP, catalog);
        e.close();
    }

    @Test
    void aDamagedSnapshotFallsBackToThePreviousOneOrTheWholeLog() throws IOException {
        try (EngineFixture f = new EngineFixture()) {
            setUp(f);
            DefaultEngine a = engine(f, dir);
            views(f, a, "u1", 0, 7);
            a.close(); // snapshot 1
            long first = f.log.endOffset(SHOP);
            DefaultEngine b = engine(f, dir);
            views(f, b, "u2", 0, 5);
            b.close(); // snapshot 2
            List<Path> files = SnapshotStartTest.snapshotFiles(dir);
            assertThat(files).hasSize(2);
            Path newest = files.get(1);
            Path older = files.get(0);

            flipBit(newest, Files.size(newest) / 2);
            DefaultEngine c = engine(f, dir);
            assertThat(c.runtimeOf(SHOP).snapshotOffset).as("the previous snapshot").isEqualTo(first);
            assertSameUsers(f, c);
            c.runtimeOf(SHOP).snapshotOffset = f.log.endOffset(SHOP); // nothing to write at close
            c.close();

            truncate(older, Files.size(older) - 5); // torn
            DefaultEngine d = engine(f, dir);
            assertThat(d.runtimeOf(SHOP).snapshotOffset).as("the whole log").isEqualTo(-1);
            assertSameUsers(f, d);
            d.close(); // writes a good snapshot
            List<Path> now = SnapshotStartTest.snapshotFiles(dir);
            Path good = now.get(now.size() - 1);
            writeInt(good, 8, 99); // an unknown format version
            DefaultEngine g = engine(f, dir);
            assertThat(g.runtimeOf(SHOP).snapshotOffset).isNotEqualTo(f.log.endOffset(SHOP));
            assertSameUsers(f, g);
        }
    }

    @Test
    void anErasureIsNotUndoneByASnapshotTakenBeforeIt() throws IOException {
        try (EngineFixture f = new EngineFixture()) {
            setUp(f);
            DefaultEngine a = engine(f, dir);
            views(f, a, "victim", 0, 6);
            views(f, a, "u1", 0, 4);
            a.close();
            assertThat(SnapshotStartTest.snapshotFiles(dir)).hasSize(1);

            DefaultEngine b = engine(f, dir);
            assertThat(b.runtimeOf(SHOP).realtime.user("victim")).isPresent();
            b.eraseUser(SHOP, "victim");
            assertThat(SnapshotStartTest.snapshotFiles(dir)).as("deleted before the log was rewritten").isEmpty();
            // b "crashes": the next start has no snapshot from before the erasure to load
            DefaultEngine c = engine(f, dir);
            assertThat(c.runtimeOf(SHOP).realtime.user("victim")).isEmpty();
            assertThat(c.runtimeOf(SHOP).realtime.user("u1")).isPresent();

            b.close(); // a clean stop of the erasing node writes a snapshot without the victim
            assertThat(SnapshotStartTest.snapshotFiles(dir)).hasSize(1);
            DefaultEngine d = engine(f, dir);
            assertThat(d.runtimeOf(SHOP).snapshotOffset).isEqualTo(f.log.endOffset(SHOP));
            assertThat(d.runtimeOf(SHOP).realtime.user("victim")).isEmpty();
            assertThat(d.runtimeOf(SHOP).realtime.user("u1")).isPresent();
            c.close();
            d.close();
        }
    }

    /** Both users' realtime state as a full replay of the log builds it. */
    private static void assertSameUsers(EngineFixture f, DefaultEngine e) {
        DefaultEngine replayed = engine(f, null);
        for (String u : List.of("u1", "u2")) {
            assertThat(e.runtimeOf(SHOP).realtime.user(u).map(s -> s.recentItems()))
                    .isEqualTo(replayed.runtimeOf(SHOP).realtime.user(u).map(s -> s.recentItems()));
        }
        replayed.close();
    }

    private static void flipBit(Path p, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            b.rewind();
            ch.write(b, at);
        }
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void writeInt(Path p, long at, int v) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, v), at);
        }
    }
}
