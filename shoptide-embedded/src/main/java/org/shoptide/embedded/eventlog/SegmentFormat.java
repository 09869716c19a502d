package org.shoptide.embedded.eventlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.shoptide.core.shop.ShopId;

/**
 * Constants and header codec of the segment file format, version 1 (see {@link SegmentEventLog} and
 * {@code docs/formats/event-log.md}). All integers are big-endian.
 */
final class SegmentFormat {
    /** "STEL": ShopTide Event Log. */
    static final byte[] MAGIC = { 'S', 'T', 'E', 'L' };
    static final int VERSION = 1;
    /** magic 4 + version 2 + header length 2 + base offset 8 + shop id length 1 + shop id + CRC 4. */
    static final int HEADER_FIXED = 21;
    static final int MAX_HEADER_LENGTH = HEADER_FIXED + 64;
    /** Record length and CRC fields. */
    static final int RECORD_PREFIX = 8;
    /** First offset u64, offset span u32, event count u32. */
    static final int RECORD_BODY_HEADER = 16;
    /** Offset delta u32 and event length u32 before each event. */
    static final int EVENT_PREFIX = 8;
    /** Largest accepted record body; a length field above it is treated as garbage. */
    static final int MAX_RECORD_BODY = 256 << 20;
    static final String SEGMENT_SUFFIX = ".seg";
    static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}\\.seg");
    /** Suffix of the temporary files an erase writes before renaming them over the originals. */
    static final String REWRITE_SUFFIX = ".rewrite";
    /** Infix of the files recovery saves cut-off tails in: {@code <segment>.tail-<epoch millis>[-n]}. */
    static final String TAIL_SUFFIX = ".tail-";

    private SegmentFormat() {
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SEGMENT_SUFFIX);
    }

    static long baseOffsetOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, 20));
    }

    static int headerLength(ShopId shop) {
        return HEADER_FIXED + shop.value().length();
    }

    /** The encoded header of a segment of {@code shop} starting at {@code baseOffset}. */
    static ByteBuffer header(ShopId shop, long baseOffset) {
        byte[] id = shop.value().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(HEADER_FIXED + id.length).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) (HEADER_FIXED + id.length)).putLong(baseOffset)
                .put((byte) id.length).put(id);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    record Header(int version, long baseOffset, String shopId, int length) {
    }

    /** A header that cannot be read; {@code unsupportedVersion} when it is valid but of a format we do not know. */
    static final class BadHeaderException extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean unsupportedVersion;

        BadHeaderException(String message, boolean unsupportedVersion) {
            super(message);
            this.unsupportedVersion = unsupportedVersion;
        }
    }

    /** Reads and checks the header at the start of {@code ch}. */
    static Header readHeader(FileChannel ch, Path path) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
        long pos = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        b.flip();
        if (b.remaining() < 8) {
            throw new BadHeaderException(path + ": " + b.remaining() + " bytes, too short for a segment header", false);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new BadHeaderException(path + ": not a Shoptide event log segment (bad magic bytes)", false);
            }
        }
        int version = b.getShort(4) & 0xFFFF;
        if (version != VERSION) {
            throw new BadHeaderException(path + ": unsupported segment format version " + version
                    + "; this Shoptide reads version " + VERSION + " only (was the file written by a newer release?)",
                    true);
        }
        int length = b.getShort(6) & 0xFFFF;
        if (length < HEADER_FIXED + 1 || length > MAX_HEADER_LENGTH || length > b.remaining()) {
            throw new BadHeaderException(
                    path + ": bad header length " + length + " (file has " + b.remaining() + " header bytes)", false);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, length - 4);
        if ((int) crc.getValue() != b.getInt(length - 4)) {
            throw new BadHeaderException(path + ": segment header checksum mismatch", false);
        }
        long base = b.getLong(8);
        int idLength = b.get(16) & 0xFF;
        if (HEADER_FIXED + idLength != length) {
            throw new BadHeaderException(
                    path + ": shop id length " + idLength + " disagrees with header length " + length, false);
        }
        String shop = new String(b.array(), 17, idLength, StandardCharsets.US_ASCII);
        return new Header(version, base, shop, length);
    }
}
