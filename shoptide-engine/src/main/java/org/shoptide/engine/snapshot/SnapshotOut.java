package org.shoptide.engine.snapshot;

import java.util.Arrays;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the body of a snapshot section into memory, in chunks of {@value #CHUNK} bytes (no copy on growth), so a
 * consistent cut can be taken quickly under the shop's state lock and written to disk afterwards. Big-endian fixed
 * widths; variable-length unsigned ints (LEB128) for lengths and counts; strings as a length + 1 (0 is null) followed
 * by UTF-8 bytes. {@link SnapshotIn} reads what this writes.
 */
public final class SnapshotOut {
    static final int CHUNK = 1 << 20;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] buf = new byte[CHUNK];
    private int pos;

    private void ensure(int n) {
        if (pos + n > buf.length) {
            full.add(pos == buf.length ? buf : Arrays.copyOf(buf, pos));
            buf = new byte[Math.max(CHUNK, n)];
            pos = 0;
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    public void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /** An unsigned variable-length int (LEB128), for counts and lengths. */
    public void writeVarInt(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative count: " + v);
        }
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** A string or null. */
    public void writeString(String s) {
        if (s == null) {
            writeVarInt(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length + 1);
        writeBytes(b);
    }

    public void writeBytes(byte[] b) {
        int off = 0;
        while (off < b.length) {
            if (pos == buf.length) {
                ensure(1);
            }
            int n = Math.min(b.length - off, buf.length - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
        }
    }

    /** Bytes written so far. */
    public long size() {
        long n = pos;
        for (byte[] c : full) {
            n += c.length;
        }
        return n;
    }

    void copyTo(OutputStream out) throws IOException {
        for (byte[] c : full) {
            out.write(c);
        }
        out.write(buf, 0, pos);
    }
}
