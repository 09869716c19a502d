package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;

/** Contract of {@link ModelStore}. Implement {@link #modelStore()} to return an empty store, fresh for each test. */
public interface ModelStoreContract {

    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");

    /** An empty store. */
    ModelStore modelStore();

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(ModelStore store, ShopId shop, long version) {
        try (InputStream in = store.open(shop, version)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void emptyStoreHasNoModels() {
        ModelStore store = modelStore();
        assertThat(store.latest(SHOP_A)).isEmpty();
        assertThat(store.list(SHOP_A)).isEmpty();
        assertThatThrownBy(() -> store.open(SHOP_A, 1)).isInstanceOf(IOException.class);
    }

    @Test
    default void publishThenOpenReturnsExactBytesAndMetadata() {
        ModelStore store = modelStore();
        byte[] artifact = bytes(300_000, 1);
        Map<String, String> meta = Map.of("format", "shoptide-model/1", "events", "12345", "заметка", "模型 ✓",
                "multi\nline", "a=b:c\\d #e !f");
        Instant before = Instant.now().minusSeconds(1);
        ModelInfo info = store.publish(SHOP_A, meta, out -> out.write(artifact));

        assertThat(info.shop()).isEqualTo(SHOP_A);
        assertThat(info.version()).isEqualTo(1);
        assertThat(info.sizeBytes()).isEqualTo(artifact.length);
        assertThat(info.metadata()).isEqualTo(meta);
        assertThat(info.createdAt()).isAfter(before);
        assertThat(store.latest(SHOP_A)).contains(info);
        assertThat(store.list(SHOP_A)).containsExactly(info);
        assertThat(read(store, SHOP_A, 1)).isEqualTo(artifact);
    }

    @Test
    default void emptyArtifactAndMetadataAreAllowed() {
        ModelStore store = modelStore();
        ModelInfo info = store.publish(SHOP_A, Map.of(), out -> {
        });
        assertThat(info.sizeBytes()).isZero();
        assertThat(info.metadata()).isEmpty();
        assertThat(read(store, SHOP_A, info.version())).isEmpty();
        assertThat(store.latest(SHOP_A)).contains(info);
    }

    @Test
    default void writerMayCloseTheStream() {
        ModelStore store = modelStore();
        ModelInfo info = store.publish(SHOP_A, Map.of(), out -> {
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        assertThat(read(store, SHOP_A, info.version())).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void versionsIncreaseByOnePerShop() {
        ModelStore store = modelStore();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            assertThat(store.publish(SHOP_A, Map.of("n", "" + n), out -> out.write(n)).version()).isEqualTo(n);
        }
        assertThat(store.publish(SHOP_B, Map.of(), out -> out.write(9)).version()).isEqualTo(1);
        assertThat(store.latest(SHOP_A).orElseThrow().version()).isEqualTo(3);
        assertThat(store.list(SHOP_A)).extracting(ModelInfo::version).containsExactly(3L, 2L, 1L);
        assertThat(store.list(SHOP_A)).extracting(i -> i.metadata().get("n")).containsExactly("3", "2", "1");
        for (int v = 1; v <= 3; v++) {
            assertThat(read(store, SHOP_A, v)).containsExactly(v);
        }
    }

    @Test
    default void shopsAreIsolated() {
        ModelStore store = modelStore();
        store.publish(SHOP_A, Map.of("shop", "a"), out -> out.write('a'));
        store.publish(SHOP_A, Map.of("shop", "a"), out -> out.write('a'));
        store.publish(SHOP_B, Map.of("shop", "b"), out -> out.write('b'));
        assertThat(store.list(SHOP_B)).extracting(ModelInfo::version).containsExactly(1L);
        assertThat(read(store, SHOP_B, 1)).containsExactly('b');
        assertThatThrownBy(() -> store.open(SHOP_B, 2)).isInstanceOf(IOException.class);
        store.retain(SHOP_A, 1);
        assertThat(store.list(SHOP_B)).hasSize(1);
        assertThat(store.latest(ShopId.of("shop-c"))).isEmpty();
    }

    @Test
    default void failingWriterPublishesNothing() {
        ModelStore store = modelStore();
        ModelInfo first = store.publish(SHOP_A, Map.of(), out -> out.write(1));
        assertThatThrownBy(() -> store.publish(SHOP_A, Map.of(), out -> {
            out.write(bytes(100_000, 2));
            throw new IOException("disk on fire");
        })).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store.publish(SHOP_A, Map.of(), out -> {
            out.write(2);
            throw new IllegalStateException("bug in writer");
        })).isInstanceOf(RuntimeException.class);
        assertThat(store.latest(SHOP_A)).contains(first);
        assertThat(store.list(SHOP_A)).containsExactly(first);
        assertThat(store.publish(SHOP_A, Map.of(), out -> out.write(3)).version()).isEqualTo(2);
    }

    @Test
    default void failingFirstWriterLeavesNoModel() {
        ModelStore store = modelStore();
        assertThatThrownBy(() -> store.publish(SHOP_A, Map.of(), out -> {
            throw new IOException("no");
        })).isInstanceOf(RuntimeException.class);
        assertThat(store.latest(SHOP_A)).isEmpty();
        assertThat(store.list(SHOP_A)).isEmpty();
    }

    @Test
    default void retainKeepsTheNewestN() {
        ModelStore store = modelStore();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            store.publish(SHOP_A, Map.of(), out -> out.write(n));
        }
        store.retain(SHOP_A, 2);
        assertThat(store.list(SHOP_A)).extracting(ModelInfo::version).containsExactly(5L, 4L);
        assertThatThrownBy(() -> store.open(SHOP_A, 3)).isInstanceOf(IOException.class);
        assertThat(read(store, SHOP_A, 4)).containsExactly(4);
        store.retain(SHOP_A, 10);
        assertThat(store.list(SHOP_A)).hasSize(2);
        assertThat(store.publish(SHOP_A, Map.of(), out -> out.write(6)).version()).isEqualTo(6);
        store.retain(SHOP_A, 1);
        assertThat(store.list(SHOP_A)).extracting(ModelInfo::version).containsExactly(6L);
        assertThat(store.latest(SHOP_A).orElseThrow().version()).isEqualTo(6);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void concurrentPublishesGetDistinctVersions() throws Exception {
        ModelStore store = modelStore();
        int threads = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<ModelInfo>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<ModelInfo> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String tag = thread + "/" + i;
                        byte[] payload = tag.getBytes(StandardCharsets.UTF_8);
                        mine.add(store.publish(SHOP_A, Map.of("tag", tag), out -> out.write(payload)));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<ModelInfo> all = new ArrayList<>();
            for (Future<List<ModelInfo>> f : futures) {
                all.addAll(f.get());
            }
            List<Long> versions = new ArrayList<>(all.stream().map(ModelInfo::version).toList());
            Collections.sort(versions);
            assertThat(versions)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
            for (ModelInfo info : all) {
                assertThat(new String(read(store, SHOP_A, info.version()), StandardCharsets.UTF_8))
                        .isEqualTo(info.metadata().get("tag"));
            }
            assertThat(store.latest(SHOP_A).orElseThrow().version()).isEqualTo((long) threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A reader polling latest/open while versions are published and retained never sees a partial version. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void latestIsAtomicForConcurrentReaders() throws Exception {
        ModelStore store = modelStore();
        int versions = 30;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try {
                pollLatest(store, done, problems);
            } catch (Throwable t) {
                problems.add("reader failed: " + t);
            }
        });
        reader.start();
        try {
            for (int v = 1; v <= versions; v++) {
                int size = 10_000 + v * 997;
                byte[] payload = bytes(size, v);
                store.publish(SHOP_A, Map.of("size", "" + size), out -> {
                    for (int off = 0; off < payload.length; off += 1000) {
                        out.write(payload, off, Math.min(1000, payload.length - off));
                    }
                });
                if (v % 5 == 0) {
                    store.retain(SHOP_A, 2);
                }
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(problems).isEmpty();
        assertThat(store.latest(SHOP_A).orElseThrow().version()).isEqualTo(versions);
    }

    private static void pollLatest(ModelStore store, AtomicBoolean done, ConcurrentLinkedQueue<String> problems) {
        long lastSeen = 0;
        while (!done.get()) {
            Optional<ModelInfo> latest = store.latest(SHOP_A);
            if (latest.isEmpty()) {
                continue;
            }
            ModelInfo info = latest.get();
            if (info.version() < lastSeen) {
                problems.add("latest went back from " + lastSeen + " to " + info.version());
            }
            lastSeen = info.version();
            byte[] expected = bytes(Integer.parseInt(info.metadata().get("size")), info.version());
            if (info.sizeBytes() != expected.length) {
                problems.add("v" + info.version() + " size " + info.sizeBytes());
            }
            try (InputStream in = store.open(SHOP_A, info.version())) {
                if (!Arrays.equals(in.readAllBytes(), expected)) {
                    problems.add("v" + info.version() + " has other bytes");
                }
            } catch (IOException e) {
                // retained away between latest() and open(): allowed, a newer version exists
                if (store.latest(SHOP_A).orElseThrow().version() <= info.version()) {
                    problems.add("v" + info.version() + " could not be opened: " + e);
                }
            }
        }

    }
}
