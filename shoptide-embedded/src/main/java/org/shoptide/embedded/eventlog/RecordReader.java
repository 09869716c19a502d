package org.shoptide.embedded.eventlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.shoptide.core.event.Event;

/**
 * Reads the records of one segment sequentially through a heap buffer filled by large positional reads (so several
 * readers can share the segment's channel). Each record's length and CRC32C are verified before it is exposed.
 */
final class RecordReader {
    enum Status {
        /** A verified record is available. */
        RECORD,
        /** Exactly at the read limit. */
        END,
        /** Fewer bytes than a whole record, or an impossible length: a torn write. */
        TORN,
        /** A whole record whose checksum or structure is wrong. */
        CORRUPT
    }

    private static final int DEFAULT_BUFFER = 1 << 20;

    private final Segment segment;
    private long limit;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    /** File position of the byte after the buffer's limit. */
    private long dataEnd;

    private long recordStart;
    private int bodyStart;
    private int bodyLength;
    private long firstOffset;
    private int span;
    private int count;
    private int eventIndex;
    private int eventPos;

    RecordReader(Segment segment, long start, long limit) {
        this(segment, start, limit, (int) Math.min(DEFAULT_BUFFER, Math.max(4096, limit - start)));
    }

    RecordReader(Segment segment, long start, long limit, int bufferSize) {
        this.segment = segment;
        this.limit = limit;
        this.buf = ByteBuffer.allocate(bufferSize).order(ByteOrder.BIG_ENDIAN);
        this.buf.limit(0);
        this.dataEnd = start;
    }

    Segment segment() {
        return segment;
    }

    /** Lets the reader go further, up to a grown durable size of its segment. */
    void extendLimit(long newLimit) {
        if (newLimit < limit) {
            throw new IllegalArgumentException("limit can only grow: " + limit + " -> " + newLimit);
        }
        limit = newLimit;
    }

    /** File position of the next unread byte. */
    long position() {
        return dataEnd - buf.remaining();
    }

    long recordStart() {
        return recordStart;
    }

    long firstOffset() {
        return firstOffset;
    }

    int span() {
        return span;
    }

    int eventCount() {
        return count;
    }

    /** Advances to the next record. */
    Status next() throws IOException {
        recordStart = position();
        if (recordStart == limit) {
            return Status.END;
        }
        if (!fill(SegmentFormat.RECORD_PREFIX)) {
            return Status.TORN;
        }
        int p = buf.position();
        int length = buf.getInt(p);
        int storedCrc = buf.getInt(p + 4);
        if (length < SegmentFormat.RECORD_BODY_HEADER || length > SegmentFormat.MAX_RECORD_BODY) {
            return Status.TORN;
        }
        if (!fill(SegmentFormat.RECORD_PREFIX + length)) {
            return Status.TORN;
        }
        p = buf.position();
        bodyStart = p + SegmentFormat.RECORD_PREFIX;
        bodyLength = length;
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + bodyStart, length);
        if ((int) crc.getValue() != storedCrc) {
            return Status.CORRUPT;
        }
        firstOffset = buf.getLong(bodyStart);
        span = buf.getInt(bodyStart + 8);
        count = buf.getInt(bodyStart + 12);
        if (firstOffset < 0 || span < 0 || count < 0 || count > span
                || (long) count * SegmentFormat.EVENT_PREFIX > length - SegmentFormat.RECORD_BODY_HEADER) {
            return Status.CORRUPT;
        }
        buf.position(p + SegmentFormat.RECORD_PREFIX + length);
        eventIndex = 0;
        eventPos = bodyStart + SegmentFormat.RECORD_BODY_HEADER;
        return Status.RECORD;
    }

    /** Whether the current record has another event; {@link #nextEvent} then positions on it. */
    boolean hasNextEvent() {
        return eventIndex < count;
    }

    /**
     * Moves to the next event of the current record and returns its offset. Its encoded bytes are then
     * {@link #eventBuffer()} {@code [eventStart(), eventStart() + eventLength())}.
     */
    long nextEvent() {
        int end = bodyStart + bodyLength;
        if (eventPos + SegmentFormat.EVENT_PREFIX > end) {
            throw corrupt("event " + eventIndex + " header runs past the record");
        }
        long delta = buf.getInt(eventPos) & 0xFFFFFFFFL;
        int length = buf.getInt(eventPos + 4);
        if (delta >= span || length < 0 || length > end - eventPos - SegmentFormat.EVENT_PREFIX) {
            throw corrupt("event " + eventIndex + " has delta " + delta + " / length " + length);
        }
        currentEventStart = eventPos + SegmentFormat.EVENT_PREFIX;
        currentEventLength = length;
        eventPos = currentEventStart + length;
        eventIndex++;
        return firstOffset + delta;
    }

    private int currentEventStart;
    private int currentEventLength;

    ByteBuffer eventBuffer() {
        return buf;
    }

    int eventStart() {
        return currentEventStart;
    }

    int eventLength() {
        return currentEventLength;
    }

    /** The offset delta of the current event, for copying it into a rewritten record. */
    int eventDelta() {
        return buf.getInt(currentEventStart - SegmentFormat.EVENT_PREFIX);
    }

    /** Decodes the current event. */
    Event decodeEvent() {
        int savedPosition = buf.position();
        int savedLimit = buf.limit();
        buf.limit(currentEventStart + currentEventLength).position(currentEventStart);
        try {
            Event e = EventRecordCodec.decode(buf);
            if (buf.hasRemaining()) {
                throw new EventRecordCodec.CorruptDataException(buf.remaining() + " unread bytes after event");
            }
            return e;
        } catch (EventRecordCodec.CorruptDataException ex) {
            throw corrupt(ex.getMessage());
        } finally {
            buf.limit(savedLimit).position(savedPosition);
        }
    }

    private EventRecordCodec.CorruptDataException corrupt(String what) {
        return new EventRecordCodec.CorruptDataException(
                segment.path + ": record at byte " + recordStart + " is corrupt: " + what);
    }

    /** Makes at least {@code n} bytes available from the buffer's position; false if the limit comes first. */
    private boolean fill(int n) throws IOException {
        if (buf.remaining() >= n) {
            return true;
        }
        if (limit - position() < n) {
            return false;
        }
        boolean moreToRead = limit - position() > buf.capacity();
        if (buf.capacity() < n || (moreToRead && buf.capacity() < DEFAULT_BUFFER)) {
            int capacity = Math.max(n, Math.min(DEFAULT_BUFFER, buf.capacity() * 2));
            ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.BIG_ENDIAN);
            bigger.put(buf);
            bigger.flip();
            buf = bigger;
        }
        buf.compact();
        while (buf.position() < n) {
            int room = (int) Math.min(buf.capacity() - buf.position(), limit - dataEnd);
            buf.limit(buf.position() + room);
            int read = segment.channel.read(buf, dataEnd);
            if (read < 0) {
                buf.flip();
                throw new IOException(segment.path + ": file ends at " + dataEnd + ", before the expected " + limit);
            }
            dataEnd += read;
        }
        buf.flip();
        return true;
    }
}
