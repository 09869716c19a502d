package org.shoptide.engine.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link SnapshotOut} wrote. Every read that runs past the section or meets an impossible length throws
 * {@link CorruptSnapshotException} (the file's checksum is verified before any section is read, so this means a bug or
 * a format mismatch, never silently wrong state).
 */
public final class SnapshotIn {
    private final DataInputStream in;
    private long left;

    SnapshotIn(InputStream in, long length) {
        this.in = new DataInputStream(in);
        this.left = length;
    }

    private void take(long n) {
        if (n > left) {
            throw new CorruptSnapshotException("section ends " + (n - left) + " byte(s) early");
        }
        left -= n;
    }

    public int readByte() {
        take(1);
        try {
            return in.readUnsignedByte();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readInt() {
        take(4);
        try {
            return in.readInt();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    public long readLong() {
        take(8);
        try {
            return in.readLong();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public int readVarInt() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new CorruptSnapshotException("count out of range");
                }
                return v;
            }
        }
        throw new CorruptSnapshotException("variable-length int longer than 5 bytes");
    }

    /** A count of things that each take at least {@code minBytes}: bounded by what is left of the section. */
    public int readCount(int minBytes) {
        int n = readVarInt();
        if ((long) n * Math.max(1, minBytes) > left) {
            throw new CorruptSnapshotException("count " + n + " exceeds the section");
        }
        return n;
    }

    public String readString() {
        int n = readVarInt();
        if (n == 0) {
            return null;
        }
        return new String(readBytes(n - 1), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(int n) {
        take(n);
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (IOException e) {
            throw fail(e);
        }
        return b;
    }

    /** Bytes left in this section. */
    public long remaining() {
        return left;
    }

    void skipRest() {
        try {
            in.skipNBytes(left);
            left = 0;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private static RuntimeException fail(IOException e) {
        if (e instanceof EOFException) {
            return new CorruptSnapshotException("file ends inside a section");
        }
        return new UncheckedIOException(e);
    }
}
