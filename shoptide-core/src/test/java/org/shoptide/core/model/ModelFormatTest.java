package org.shoptide.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelFormatTest {

    static ShopModel sample(int items, int users, int rank, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] itemIds = new String[items];
        for (int i = 0; i < items; i++) {
            itemIds[i] = "sku-" + i + (i % 7 == 0 ? "-ü€" : "");
        }
        String[] userIds = new String[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = "user-" + u;
        }
        float[] itemFactors = floats(r, items * rank);
        float[] userFactors = floats(r, users * rank);
        float[] gram = floats(r, rank * rank);
        int[] offsets = new int[items + 1];
        for (int i = 0; i < items; i++) {
            offsets[i + 1] = offsets[i] + r.nextInt(4);
        }
        int nnz = offsets[items];
        int[] nbItems = new int[nnz];
        byte[] kinds = new byte[nnz];
        for (int k = 0; k < nnz; k++) {
            nbItems[k] = r.nextInt(items);
            kinds[k] = (byte) (1 + r.nextInt(12));
        }
        int[] cols = nbItems.clone();
        return new ShopModel(17, Instant.parse("2026-11-22T20:00:00.123456789Z"), itemIds, userIds, rank, itemFactors,
                userFactors, gram, offsets, nbItems, floats(r, nnz), kinds, floats(r, items), floats(r, items),
                Map.of("users", Integer.toString(users), ShopModel.STAT_ALS_LAMBDA, "0.25", "note", "ä"),
                java.util.List.of(
                        new ItemItemModel("transitions", true, 0.7f, 5, offsets.clone(), cols, floats(r, nnz)),
                        new ItemItemModel("ease", false, 1f, 1, offsets.clone(), cols.clone(), floats(r, nnz))));
    }

    private static float[] floats(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static byte[] bytes(ShopModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFormat.write(m, out);
        return out.toByteArray();
    }

    static void assertSame(ShopModel b, ShopModel a) {
        assertThat(b.version()).isEqualTo(a.version());
        assertThat(b.trainedAt()).isEqualTo(a.trainedAt());
        assertThat(b.itemIds()).isEqualTo(a.itemIds());
        assertThat(b.userIds()).isEqualTo(a.userIds());
        assertThat(b.rank()).isEqualTo(a.rank());
        assertThat(b.itemFactors()).isEqualTo(a.itemFactors());
        assertThat(b.userFactors()).isEqualTo(a.userFactors());
        assertThat(b.itemGramian()).isEqualTo(a.itemGramian());
        assertThat(b.neighborOffsets()).isEqualTo(a.neighborOffsets());
        assertThat(b.neighborItems()).isEqualTo(a.neighborItems());
        assertThat(b.neighborScores()).isEqualTo(a.neighborScores());
        assertThat(b.neighborKinds()).isEqualTo(a.neighborKinds());
        assertThat(b.popularity()).isEqualTo(a.popularity());
        assertThat(b.trending()).isEqualTo(a.trending());
        assertThat(b.stats()).isEqualTo(a.stats());
        assertThat(b.itemModels()).hasSameSizeAs(a.itemModels());
        for (int i = 0; i < a.itemModels().size(); i++) {
            ItemItemModel x = b.itemModels().get(i);
            ItemItemModel y = a.itemModels().get(i);
            assertThat(x.name()).isEqualTo(y.name());
            assertThat(x.recency()).isEqualTo(y.recency());
            assertThat(x.gamma()).isEqualTo(y.gamma());
            assertThat(x.window()).isEqualTo(y.window());
            assertThat(x.offsets()).isEqualTo(y.offsets());
            assertThat(x.cols()).isEqualTo(y.cols());
            assertThat(x.weights()).isEqualTo(y.weights());
        }
    }

    @Test
    void itemModelsAreValidatedWhenBuiltAndWhenRead() {
        assertThatThrownBy(
                () -> new ItemItemModel("m", true, 0.5f, 3, new int[] { 0, 1 }, new int[] { 5 }, new float[] { 1 }))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refers to item 5");
        assertThatThrownBy(() -> new ItemItemModel("m", true, 0f, 3, new int[] { 0 }, new int[0], new float[0]))
                .hasMessageContaining("gamma");
    }

    @Test
    void roundTripsEveryField() throws IOException {
        ShopModel m = sample(300, 200, 8, 1);
        ShopModel back = ModelFormat.read(new ByteArrayInputStream(bytes(m)));
        assertSame(back, m);
        assertThat(back.itemIndex("sku-7-ü€")).isEqualTo(7);
        // re-encoding is byte-identical
        assertThat(bytes(back)).isEqualTo(bytes(m));
    }

    @Test
    void roundTripsTheEmptyModel() throws IOException {
        ShopModel m = ShopModel.empty(Instant.EPOCH);
        assertSame(ModelFormat.read(new ByteArrayInputStream(bytes(m))), m);
    }

    @Test
    void headerIsMagicThenLittleEndianVersion() throws IOException {
        byte[] b = bytes(sample(3, 2, 2, 2));
        assertThat(new String(b, 0, 7, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("STMODEL");
        assertThat(b[7]).isZero();
        assertThat(ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(ModelFormat.VERSION);
        assertThat(new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("META");
    }

    @Test
    void everyCorruptPayloadByteFailsTheChecksum() throws IOException {
        byte[] good = bytes(sample(40, 30, 4, 3));
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 200; t++) {
            byte[] bad = good.clone();
            int pos = 12 + r.nextInt(bad.length - 12);
            bad[pos] ^= (byte) (1 << r.nextInt(8));
            // a flipped byte is caught: by the CRC, or earlier when it breaks the structure
            assertThatThrownBy(() -> ModelFormat.read(new ByteArrayInputStream(bad)))
                    .isInstanceOf(ModelFormatException.class);
        }
        byte[] bad = good.clone();
        int ufac = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("UFAC");
        bad[ufac + 4 + 8 + 4 + 10] ^= 0x10; // inside the user factors
        assertThatThrownBy(() -> ModelFormat.read(new ByteArrayInputStream(bad)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void rejectsUnknownVersionBadMagicAndTruncation() throws IOException {
        byte[] good = bytes(sample(5, 5, 2, 5));
        byte[] v2 = good.clone();
        v2[8] = 2;
        assertThatThrownBy(() -> ModelFormat.read(new ByteArrayInputStream(v2)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("unsupported model format version 2; this build reads version 1");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> ModelFormat.read(new ByteArrayInputStream(magic)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("bad magic");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> ModelFormat.read(new ByteArrayInputStream(cut)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void skipsUnknownSections() throws IOException {
        ShopModel m = sample(10, 10, 2, 6);
        byte[] good = bytes(m);
        // splice an unknown "XTRA" section of 5 bytes after the header, then fix the CRC
        ByteBuffer extra = ByteBuffer.allocate(4 + 8 + 5).order(ByteOrder.LITTLE_ENDIAN);
        extra.put("XTRA".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(5).put(new byte[5]);
        byte[] spliced = new byte[good.length + extra.capacity()];
        System.arraycopy(good, 0, spliced, 0, 12);
        System.arraycopy(extra.array(), 0, spliced, 12, extra.capacity());
        System.arraycopy(good, 12, spliced, 12 + extra.capacity(), good.length - 12);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(spliced, 0, spliced.length - 4);
        ByteBuffer.wrap(spliced, spliced.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        assertSame(ModelFormat.read(new ByteArrayInputStream(spliced)), m);
    }

    @Test
    void largeModelTiming() throws IOException {
        ShopModel m = sample(100_000, 100_000, 64, 7);
        for (int warm = 0; warm < 2; warm++) {
            ModelFormat.read(new ByteArrayInputStream(bytes(m)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(60 << 20);
        long t0 = System.nanoTime();
        ModelFormat.write(m, out);
        long t1 = System.nanoTime();
        ShopModel back = ModelFormat.read(new ByteArrayInputStream(out.toByteArray()));
        long t2 = System.nanoTime();
        System.out.printf("model 100k items x 100k users x 64: %.1f MB, write %.0f ms, read %.0f ms%n",
                out.size() / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        assertThat(back.itemFactors()).isEqualTo(m.itemFactors());
    }
}
