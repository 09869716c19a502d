package org.shoptide.testing.onnx;

import java.util.Arrays;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal writer of ONNX models (protobuf wire format, field numbers of {@code onnx/onnx.proto}, IR version 7,
 * default opset 13), so that tests build the models they upload instead of shipping binaries made elsewhere. Only what
 * the tests need: float and int64 initializers, tensor-typed graph inputs and outputs with fixed or symbolic
 * dimensions, and nodes with int, ints and float attributes.
 */
public final class TinyOnnx {
    /** TensorProto.DataType values. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int DOUBLE = 11;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int opset = 13;

    public TinyOnnx opset(int version) {
        this.opset = version;
        return this;
    }

    /**
     * A graph input or output's dimension: a {@link Long} is fixed, a {@link String} symbolic (e.g. {@code "C"}).
     */
    public TinyOnnx input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public TinyOnnx output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A float initializer of the given shape, row-major. */
    public TinyOnnx floats(String name, float[] values, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(9, raw.array());
        initializers.add(t.toBytes());
        return this;
    }

    /** An int64 initializer of the given shape, row-major. */
    public TinyOnnx longs(String name, long[] values, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, INT64);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        t.bytes(9, raw.array());
        initializers.add(t.toBytes());
        return this;
    }

    /** A node; attributes are name-value pairs: Long (INT), long[] (INTS), Float (FLOAT). */
    public TinyOnnx node(String opType, List<String> in, List<String> out, Object... attributes) {
        Msg n = new Msg();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, opType + "_" + nodes.size());
        n.string(4, opType);
        for (int a = 0; a + 1 < attributes.length; a += 2) {
            Msg at = new Msg();
            at.string(1, (String) attributes[a]);
            Object v = attributes[a + 1];
            if (v instanceof Long l) {
                at.varint(3, l);
                at.varint(20, 2);
            } else if (v instanceof long[] ls) {
                for (long l : ls) {
                    at.varint(8, l);
                }
                at.varint(20, 7);
            } else if (v instanceof Float f) {
                at.fixed32(2, Float.floatToIntBits(f));
                at.varint(20, 1);
            } else {
                throw new IllegalArgumentException("unsupported attribute value " + v);
            }
            n.message(5, at);
        }
        nodes.add(n.toBytes());
        return this;
    }

    /** The serialized ModelProto. */
    public byte[] build() {
        Msg g = new Msg();
        nodes.forEach(n -> g.bytes(1, n));
        g.string(2, "tiny");
        initializers.forEach(i -> g.bytes(5, i));
        inputs.forEach(i -> g.bytes(11, i));
        outputs.forEach(o -> g.bytes(12, o));
        Msg opsetId = new Msg();
        opsetId.string(1, "");
        opsetId.varint(2, opset);
        Msg m = new Msg();
        m.varint(1, 7);
        m.string(2, "shoptide-tests");
        m.message(7, g);
        m.message(8, opsetId);
        return m.toBytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        Msg shape = new Msg();
        for (Object d : dims) {
            Msg dim = new Msg();
            if (d instanceof String s) {
                dim.string(2, s);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        Msg tensor = new Msg();
        tensor.varint(1, elemType);
        tensor.message(2, shape);
        Msg type = new Msg();
        type.message(1, tensor);
        Msg vi = new Msg();
        vi.string(1, name);
        vi.message(2, type);
        return vi.toBytes();
    }

    /**
     * The model of the tests' "next item" shops: {@code scores = E_c[candidates] · mean(E_h[history])}, where
     * {@code E_h[j]} is {@code sign} times one-hot at {@code next[j]} (the table index of the item that follows item
     * {@code j}, or -1 for none; row {@code next.length}, which the pad {@code -1} gathers, is zero) and {@code E_c}
     * the identity: a candidate scores the share of the history it follows. With a negative {@code sign} the model
     * prefers everything else.
     */
    public static byte[] nextItem(int[] next, float sign) {
        int items = next.length;
        float[] eh = new float[(items + 1) * items];
        for (int j = 0; j < items; j++) {
            if (next[j] >= 0) {
                eh[j * items + next[j]] = sign;
            }
        }
        float[] ec = new float[items * items];
        for (int j = 0; j < items; j++) {
            ec[j * items + j] = 1f;
        }
        return new TinyOnnx().input("history", INT64, "H").input("candidates", INT64, "C").output("scores", FLOAT, "C")
                .floats("E_h", eh, items + 1, items).floats("E_c", ec, items, items)
                .node("Gather", List.of("E_h", "history"), List.of("h"), "axis", 0L)
                .node("ReduceMean", List.of("h"), List.of("u"), "axes", new long[] { 0 }, "keepdims", 0L)
                .node("Gather", List.of("E_c", "candidates"), List.of("c"), "axis", 0L)
                .node("MatMul", List.of("c", "u"), List.of("scores")).build();
    }

    /**
     * A model over a fixed history of {@code length} items that looks only at the oldest one: {@code scores =
     * E_c[candidates] · E_h[history[0]]} with {@code E_h[j]} one-hot at {@code follow[j]} (or zero for -1, and for the
     * pad) and {@code E_c} the identity.
     */
    public static byte[] firstItem(int[] follow, long length) {
        int items = follow.length;
        float[] eh = new float[(items + 1) * items];
        for (int j = 0; j < items; j++) {
            if (follow[j] >= 0) {
                eh[j * items + follow[j]] = 1f;
            }
        }
        float[] ec = new float[items * items];
        for (int j = 0; j < items; j++) {
            ec[j * items + j] = 1f;
        }
        return new TinyOnnx().input("history", INT64, length).input("candidates", INT64, "C")
                .output("scores", FLOAT, "C").floats("E_h", eh, items + 1, items).floats("E_c", ec, items, items)
                .longs("first", new long[] { 0 }, 1)
                .node("Gather", List.of("history", "first"), List.of("h0"), "axis", 0L)
                .node("Gather", List.of("E_h", "h0"), List.of("h"), "axis", 0L)
                .node("ReduceMean", List.of("h"), List.of("u"), "axes", new long[] { 0 }, "keepdims", 0L)
                .node("Gather", List.of("E_c", "candidates"), List.of("c"), "axis", 0L)
                .node("MatMul", List.of("c", "u"), List.of("scores")).build();
    }

    /**
     * A model that reads only the engine's features: {@code scores = features · w} over {@code f} features (e.g. w = -1
     * at {@code blend_rank} keeps the blend's order).
     */
    public static byte[] linearFeatures(float[] w) {
        return new TinyOnnx().input("history", INT64, "H").input("candidates", INT64, "C")
                .input("features", FLOAT, "C", (long) w.length).output("scores", FLOAT, "C").floats("w", w, w.length)
                .node("MatMul", List.of("features", "w"), List.of("scores")).build();
    }

    /**
     * A model that is slow on every call: {@code rounds} products of the candidates' {@code width}-wide rows with a
     * dense {@code width × width} matrix, reduced to one score per candidate (always 0).
     */
    public static byte[] slow(int items, int width, int rounds) {
        float[] rows = new float[items * width];
        Arrays.fill(rows, 1f / width);
        float[] m = new float[width * width];
        Arrays.fill(m, 1f / width);
        TinyOnnx t = new TinyOnnx().input("history", INT64, "H").input("candidates", INT64, "C")
                .output("scores", FLOAT, "C").floats("R", rows, items, width).floats("M", m, width, width)
                .floats("zero", new float[] { 0f }, 1)
                .node("Gather", List.of("R", "candidates"), List.of("x0"), "axis", 0L);
        for (int r = 0; r < rounds; r++) {
            t.node("MatMul", List.of("x" + r, "M"), List.of("x" + (r + 1)));
        }
        return t.node("ReduceMean", List.of("x" + rounds), List.of("s"), "axes", new long[] { 1 }, "keepdims", 0L)
                .node("Mul", List.of("s", "zero"), List.of("scores")).build();
    }

    /** A protobuf message being written. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            raw(value);
        }

        void fixed32(int field, int bits) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xFF);
            }
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Msg m) {
            bytes(field, m.toBytes());
        }

        void bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.write(b, 0, b.length);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
