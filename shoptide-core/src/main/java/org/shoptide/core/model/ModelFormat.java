package org.shoptide.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The binary model artifact, format version {@value #VERSION}; specified field by field in
 * {@code docs/formats/model.md} (decision record: {@code docs/adr/0003-model-artifact-format.md}).
 * <p>
 * Little-endian throughout. Header: magic {@code "STMODEL\0"} (8 bytes), format version (u32). Then sections, each a
 * 4-byte ASCII tag, a u64 payload length and the payload; readers skip sections with unknown tags. Last the
 * {@code "END!"} tag, length 4, and the CRC32C (u32) of every byte before that CRC. Arrays are written in bulk through
 * {@link ByteBuffer} views with 64 KiB buffers. Neither method closes the stream.
 * <p>
 * One class over 500 lines on purpose: the writer and the reader of each section sit side by side, so a change of the
 * format is one diff that a reviewer can check against ADR 0003.
 */
public final class ModelFormat {
    /** The format version this build writes and reads. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = { 'S', 'T', 'M', 'O', 'D', 'E', 'L', 0 };
    private static final int BUF = 1 << 16;
    /** Arrays are allocated up to this many elements ahead of their data, so a corrupt count cannot exhaust memory. */
    private static final int EAGER = 1 << 22;

    static final int TAG_META = tag("META");
    static final int TAG_ITEM_IDS = tag("ITID");
    static final int TAG_USER_IDS = tag("USID");
    static final int TAG_ITEM_FACTORS = tag("IFAC");
    static final int TAG_USER_FACTORS = tag("UFAC");
    static final int TAG_GRAMIAN = tag("GRAM");
    static final int TAG_NB_OFFSETS = tag("NOFF");
    static final int TAG_NB_ITEMS = tag("NITM");
    static final int TAG_NB_SCORES = tag("NSCO");
    static final int TAG_NB_KINDS = tag("NKND");
    static final int TAG_POPULARITY = tag("POPU");
    static final int TAG_TRENDING = tag("TRND");
    static final int TAG_STATS = tag("STAT");
    /** One item-to-item model ({@link ItemItemModel}); the section may repeat, once per model. */
    static final int TAG_ITEM_MODEL = tag("IIMD");
    static final int TAG_END = tag("END!");

    private ModelFormat() {
    }

    private static int tag(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private static String tagName(int t) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = (t >>> (8 * i)) & 0xff;
            c[i] = b >= 32 && b < 127 ? (char) b : '?';
        }
        return new String(c);
    }

    // ------------------------------------------------------------------------------------------------ writing

    public static void write(ShopModel m, OutputStream out) throws IOException {
        Sink s = new Sink(out);
        s.bytes(MAGIC, 0, MAGIC.length);
        s.i32(VERSION);

        s.section(TAG_META, 8 + 8 + 4 + 4 + 4 + 4);
        s.i64(m.version());
        Instant trainedAt = m.trainedAt();
        s.i64(trainedAt.getEpochSecond());
        s.i32(trainedAt.getNano());
        s.i32(m.rank());
        s.i32(m.itemCount());
        s.i32(m.userCount());

        strings(s, TAG_ITEM_IDS, m.itemIds());
        strings(s, TAG_USER_IDS, m.userIds());
        floats(s, TAG_ITEM_FACTORS, m.itemFactors());
        floats(s, TAG_USER_FACTORS, m.userFactors());
        floats(s, TAG_GRAMIAN, m.itemGramian());
        ints(s, TAG_NB_OFFSETS, m.neighborOffsets());
        ints(s, TAG_NB_ITEMS, m.neighborItems());
        floats(s, TAG_NB_SCORES, m.neighborScores());
        byte[] kinds = m.neighborKinds();
        s.section(TAG_NB_KINDS, 4L + kinds.length);
        s.i32(kinds.length);
        s.bytes(kinds, 0, kinds.length);
        floats(s, TAG_POPULARITY, m.popularity());
        floats(s, TAG_TRENDING, m.trending());
        for (ItemItemModel im : m.itemModels()) {
            itemModel(s, im);
        }

        Map<String, String> stats = m.stats();
        String[] kv = new String[stats.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : stats.entrySet()) {
            kv[n++] = e.getKey();
            kv[n++] = e.getValue();
        }
        strings(s, TAG_STATS, kv);

        s.section(TAG_END, 4);
        s.finish();
        out.flush();
    }

    private static void strings(Sink s, int tag, String[] values) throws IOException {
        byte[][] enc = new byte[values.length][];
        long len = 4;
        for (int i = 0; i < values.length; i++) {
            enc[i] = values[i].getBytes(StandardCharsets.UTF_8);
            len += 4 + enc[i].length;
        }
        s.section(tag, len);
        s.i32(values.length);
        for (byte[] b : enc) {
            s.i32(b.length);
            s.bytes(b, 0, b.length);
        }
    }

    /**
     * IIMD payload: name (u32 length + UTF-8), flags (u32: bit 0 = recency weighting), gamma (f32 as u32 bits), window
     * (u32), then offsets, cols (u32 count + i32 each) and weights (u32 count + f32 each).
     */
    private static void itemModel(Sink s, ItemItemModel m) throws IOException {
        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
        long len = 4 + name.length + 4 + 4 + 4 + (4 + 4L * m.offsets().length) + (4 + 4L * m.cols().length)
                + (4 + 4L * m.weights().length);
        s.section(TAG_ITEM_MODEL, len);
        s.i32(name.length);
        s.bytes(name, 0, name.length);
        s.i32(m.recency() ? 1 : 0);
        s.i32(Float.floatToIntBits(m.gamma()));
        s.i32(m.window());
        intArray(s, m.offsets());
        intArray(s, m.cols());
        floatArray(s, m.weights());
    }

    private static void floats(Sink s, int tag, float[] a) throws IOException {
        s.section(tag, 4 + 4L * a.length);
        floatArray(s, a);
    }

    private static void floatArray(Sink s, float[] a) throws IOException {
        s.i32(a.length);
        int off = 0;
        while (off < a.length) {
            s.ensure(4);
            int n = Math.min(a.length - off, s.room() / 4);
            s.bb.asFloatBuffer().put(a, off, n);
            s.bb.position(s.bb.position() + 4 * n);
            off += n;
        }
    }

    private static void ints(Sink s, int tag, int[] a) throws IOException {
        s.section(tag, 4 + 4L * a.length);
        intArray(s, a);
    }

    private static void intArray(Sink s, int[] a) throws IOException {
        s.i32(a.length);
        int off = 0;
        while (off < a.length) {
            s.ensure(4);
            int n = Math.min(a.length - off, s.room() / 4);
            s.bb.asIntBuffer().put(a, off, n);
            s.bb.position(s.bb.position() + 4 * n);
            off += n;
        }
    }

    /** Buffered little-endian writer that checksums everything it flushes. */
    private static final class Sink {
        final OutputStream out;
        final byte[] buf = new byte[BUF];
        final ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();

        Sink(OutputStream out) {
            this.out = out;
        }

        int room() {
            return bb.remaining();
        }

        void ensure(int n) throws IOException {
            if (bb.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            int n = bb.position();
            crc.update(buf, 0, n);
            out.write(buf, 0, n);
            bb.clear();
        }

        void section(int tag, long length) throws IOException {
            i32(tag);
            ensure(8);
            bb.putLong(length);
        }

        void i32(int v) throws IOException {
            ensure(4);
            bb.putInt(v);
        }

        void i64(long v) throws IOException {
            ensure(8);
            bb.putLong(v);
        }

        void bytes(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                ensure(1);
                int n = Math.min(len, bb.remaining());
                bb.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        /** Flushes the content, then writes the CRC32C of all content (not itself checksummed). */
        void finish() throws IOException {
            flush();
            bb.putInt((int) crc.getValue());
            out.write(buf, 0, 4);
            bb.clear();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads one artifact, checking magic, format version and the CRC32C footer.
     *
     * @throws ModelFormatException
     *             if the bytes are not a valid artifact of a supported version
     */
    public static ShopModel read(InputStream in) throws IOException {
        try {
            return readChecked(in);
        } catch (RuntimeException e) {
            ModelFormatException f = new ModelFormatException("corrupt model artifact: " + e);
            f.initCause(e);
            throw f;
        }
    }

    private static ShopModel readChecked(InputStream in) throws IOException {
        Source s = new Source(in);
        byte[] magic = new byte[MAGIC.length];
        s.bytes(magic, 0, magic.length);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new ModelFormatException("not a Shoptide model artifact (bad magic)");
            }
        }
        int version = s.i32();
        if (version != VERSION) {
            throw new ModelFormatException("unsupported model format version " + Integer.toUnsignedString(version)
                    + "; this build reads version " + VERSION);
        }
        long modelVersion = 0;
        Instant trainedAt = null;
        int rank = 0;
        int itemCount = -1;
        int userCount = -1;
        String[] itemIds = null;
        String[] userIds = null;
        float[] itemFactors = new float[0];
        float[] userFactors = new float[0];
        float[] gramian = new float[0];
        int[] nbOffsets = null;
        int[] nbItems = new int[0];
        float[] nbScores = new float[0];
        byte[] nbKinds = new byte[0];
        float[] popularity = null;
        float[] trending = null;
        Map<String, String> stats = new LinkedHashMap<>();
        List<ItemItemModel> itemModels = new ArrayList<>();
        while (true) {
            int tag = s.i32();
            long len = s.i64();
            if (len < 0) {
                throw new ModelFormatException("section " + tagName(tag) + " has a negative length");
            }
            long start = s.position;
            if (tag == TAG_END) {
                s.syncCrc(); // the CRC covers every byte before the footer value
                int expected = (int) s.crc.getValue();
                int stored = s.footer();
                if (stored != expected) {
                    throw new ModelFormatException(
                            String.format("checksum mismatch: stored CRC32C %08x, computed %08x", stored, expected));
                }
                break;
            } else if (tag == TAG_META) {
                modelVersion = s.i64();
                long sec = s.i64();
                int nanos = s.i32();
                if (nanos < 0 || nanos > 999_999_999 || sec < Instant.MIN.getEpochSecond()
                        || sec > Instant.MAX.getEpochSecond()) {
                    throw new ModelFormatException("META holds an invalid timestamp " + sec + "." + nanos);
                }
                trainedAt = Instant.ofEpochSecond(sec, nanos);
                rank = s.i32();
                itemCount = s.i32();
                userCount = s.i32();
            } else if (tag == TAG_ITEM_IDS) {
                itemIds = s.strings(len);
            } else if (tag == TAG_USER_IDS) {
                userIds = s.strings(len);
            } else if (tag == TAG_ITEM_FACTORS) {
                itemFactors = s.floats(len);
            } else if (tag == TAG_USER_FACTORS) {
                userFactors = s.floats(len);
            } else if (tag == TAG_GRAMIAN) {
                gramian = s.floats(len);
            } else if (tag == TAG_NB_OFFSETS) {
                nbOffsets = s.ints(len);
            } else if (tag == TAG_NB_ITEMS) {
                nbItems = s.ints(len);
            } else if (tag == TAG_NB_SCORES) {
                nbScores = s.floats(len);
            } else if (tag == TAG_NB_KINDS) {
                int n = s.count(len, 1);
                nbKinds = new byte[Math.min(n, EAGER)];
                int off = 0;
                while (off < n) {
                    if (off == nbKinds.length) {
                        nbKinds = Arrays.copyOf(nbKinds, (int) Math.min(n, 2L * nbKinds.length));
                    }
                    int k = nbKinds.length - off;
                    s.bytes(nbKinds, off, k);
                    off += k;
                }
            } else if (tag == TAG_POPULARITY) {
                popularity = s.floats(len);
            } else if (tag == TAG_TRENDING) {
                trending = s.floats(len);
            } else if (tag == TAG_ITEM_MODEL) {
                int nameLength = s.i32();
                if (nameLength < 1 || nameLength > 256) {
                    throw new ModelFormatException("IIMD name length " + nameLength + " out of range");
                }
                byte[] name = new byte[nameLength];
                s.bytes(name, 0, nameLength);
                int flags = s.i32();
                float gamma = Float.intBitsToFloat(s.i32());
                int window = s.i32();
                int[] offsets = s.ints(len);
                int[] cols = s.ints(len);
                float[] weights = s.floats(len);
                try {
                    itemModels.add(new ItemItemModel(new String(name, StandardCharsets.UTF_8), (flags & 1) != 0, gamma,
                            window, offsets, cols, weights));
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException("IIMD: " + e.getMessage());
                }
            } else if (tag == TAG_STATS) {
                String[] kv = s.strings(len);
                if (kv.length % 2 != 0) {
                    throw new ModelFormatException("STAT section holds an odd number of strings");
                }
                for (int i = 0; i < kv.length; i += 2) {
                    stats.put(kv[i], kv[i + 1]);
                }
            } else {
                s.skip(len);
            }
            if (s.position - start != len) {
                throw new ModelFormatException(
                        "section " + tagName(tag) + " declares " + len + " bytes but holds " + (s.position - start));
            }
        }
        if (trainedAt == null || itemIds == null || userIds == null || nbOffsets == null || popularity == null
                || trending == null) {
            throw new ModelFormatException("artifact lacks a required section");
        }
        if (itemIds.length != itemCount || userIds.length != userCount) {
            throw new ModelFormatException("id sections disagree with META counts");
        }
        try {
            return new ShopModel(modelVersion, trainedAt, itemIds, userIds, rank, itemFactors, userFactors, gramian,
                    nbOffsets, nbItems, nbScores, nbKinds, popularity, trending, stats, itemModels);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("inconsistent artifact: " + e.getMessage());
        }
    }

    /** Buffered little-endian reader that checksums everything it consumes. */
    private static final class Source {
        final InputStream in;
        final byte[] buf = new byte[BUF];
        final ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        /** Bytes consumed so far. */
        long position;
        /** Bytes of buf already added to crc. */
        int checked;

        Source(InputStream in) {
            this.in = in;
            bb.limit(0);
        }

        /** Makes at least n bytes available (n &lt;= BUF). */
        void require(int n) throws IOException {
            if (bb.remaining() >= n) {
                return;
            }
            crc.update(buf, checked, bb.position() - checked);
            bb.compact();
            checked = 0;
            int have = bb.position();
            while (have < n) {
                int r = in.read(buf, have, buf.length - have);
                if (r < 0) {
                    throw new ModelFormatException("truncated model artifact");
                }
                have += r;
            }
            bb.position(0);
            bb.limit(have);
        }

        /** Folds consumed bytes into the CRC. */
        void syncCrc() {
            crc.update(buf, checked, bb.position() - checked);
            checked = bb.position();
        }

        int i32() throws IOException {
            require(4);
            position += 4;
            return bb.getInt();
        }

        long i64() throws IOException {
            require(8);
            position += 8;
            return bb.getLong();
        }

        int footer() throws IOException {
            require(4);
            int v = bb.getInt();
            position += 4;
            checked = bb.position();
            return v;
        }

        void bytes(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                require(1);
                int n = Math.min(len, bb.remaining());
                bb.get(b, off, n);
                off += n;
                len -= n;
                position += n;
            }
        }

        void skip(long len) throws IOException {
            while (len > 0) {
                require(1);
                int n = (int) Math.min(len, bb.remaining());
                bb.position(bb.position() + n);
                len -= n;
                position += n;
            }
        }

        int count(long sectionLength, int elementBytes) throws IOException {
            int n = i32();
            if (n < 0 || 4L + (long) n * elementBytes > sectionLength) {
                throw new ModelFormatException("array length " + n + " does not fit its section");
            }
            return n;
        }

        float[] floats(long len) throws IOException {
            int n = count(len, 4);
            float[] a = new float[Math.min(n, EAGER)];
            int off = 0;
            while (off < n) {
                if (off == a.length) {
                    a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
                }
                require(4);
                int k = Math.min(a.length - off, bb.remaining() / 4);
                bb.asFloatBuffer().get(a, off, k);
                bb.position(bb.position() + 4 * k);
                off += k;
                position += 4L * k;
            }
            return a;
        }

        int[] ints(long len) throws IOException {
            int n = count(len, 4);
            int[] a = new int[Math.min(n, EAGER)];
            int off = 0;
            while (off < n) {
                if (off == a.length) {
                    a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
                }
                require(4);
                int k = Math.min(a.length - off, bb.remaining() / 4);
                bb.asIntBuffer().get(a, off, k);
                bb.position(bb.position() + 4 * k);
                off += k;
                position += 4L * k;
            }
            return a;
        }

        String[] strings(long len) throws IOException {
            int n = count(len, 4);
            if (n > len / 4) {
                throw new ModelFormatException("string count " + n + " does not fit its section");
            }
            String[] out = new String[Math.min(n, EAGER)];
            byte[] tmp = new byte[64];
            for (int i = 0; i < n; i++) {
                int l = i32();
                if (l < 0 || l > len || l > EAGER) {
                    throw new ModelFormatException("string length " + l + " does not fit its section");
                }
                if (l > tmp.length) {
                    tmp = new byte[Math.max(l, tmp.length * 2)];
                }
                bytes(tmp, 0, l);
                if (i == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
                }
                out[i] = new String(tmp, 0, l, StandardCharsets.UTF_8);
            }
            return out;
        }
    }
}
