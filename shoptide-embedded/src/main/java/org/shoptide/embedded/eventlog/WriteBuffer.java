package org.shoptide.embedded.eventlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A growable, reusable, big-endian direct byte buffer with DataOutput-style writers, used by the writer thread to
 * encode records without per-event garbage. Not thread-safe.
 */
public final class WriteBuffer {
    private ByteBuffer buf;
    private byte[] scratch = new byte[256];

    public WriteBuffer(int initialCapacity) {
        buf = ByteBuffer.allocateDirect(Math.max(64, initialCapacity)).order(ByteOrder.BIG_ENDIAN);
    }

    /** Forgets the content, keeping the memory. */
    public void clear() {
        buf.clear();
    }

    public int position() {
        return buf.position();
    }

    /** Drops everything written after {@code position}. */
    public void truncate(int position) {
        buf.position(position);
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            long wanted = Math.max((long) buf.capacity() * 2, (long) buf.position() + n);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("record too large for one buffer: " + wanted + " bytes");
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect((int) wanted).order(ByteOrder.BIG_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    public void putByte(int v) {
        ensure(1);
        buf.put((byte) v);
    }

    public void putInt(int v) {
        ensure(4);
        buf.putInt(v);
    }

    public void putLong(long v) {
        ensure(8);
        buf.putLong(v);
    }

    public void putDouble(double v) {
        ensure(8);
        buf.putDouble(v);
    }

    /** Overwrites four bytes at an absolute position already written (length and CRC placeholders). */
    public void putIntAt(int index, int v) {
        buf.putInt(index, v);
    }

    /** Unsigned LEB128: 7 bits per byte, low groups first, high bit set on all but the last byte. */
    public void putVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    /** Zig-zag then LEB128, for small signed values. */
    public void putZigZag(int v) {
        putVarInt((v << 1) ^ (v >> 31));
    }

    /**
     * A string as {@code varint(n + 1)} followed by its {@code n} UTF-8 bytes; {@code varint(0)} is null. ASCII strings
     * (the common case: ids) are copied through a reused scratch array without allocating.
     */
    public void putString(String s) {
        if (s == null) {
            putVarInt(0);
            return;
        }
        int len = s.length();
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        byte[] a = scratch;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                putVarInt(utf8.length + 1);
                ensure(utf8.length);
                buf.put(utf8);
                return;
            }
            a[i] = (byte) c;
        }
        putVarInt(len + 1);
        ensure(len);
        buf.put(a, 0, len);
    }

    /** Appends raw bytes. */
    public void putBytes(byte[] src, int offset, int length) {
        ensure(length);
        buf.put(src, offset, length);
    }

    /** A view of bytes {@code [from, from + length)}. */
    public ByteBuffer slice(int from, int length) {
        return buf.slice(from, length);
    }

    /** A view of everything written so far, positioned at 0, for channel writes. */
    public ByteBuffer written() {
        return buf.duplicate().flip();
    }
}
