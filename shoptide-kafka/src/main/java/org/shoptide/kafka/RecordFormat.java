package org.shoptide.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.event.ShownItem;

/**
 * The value of every record in a shop's Kafka topic, format version 1. Big-endian (DataOutput); {@code str} is an i32
 * byte length, -1 meaning null, then that many UTF-8 bytes.
 *
 * <pre>
 * u8   format version (1); a reader refuses versions it does not know
 * u8   kind: 1 = BATCH, 2 = ERASE, 3 = SEAL, 4 = COPY, 5 = OPEN
 * BATCH (the events of one append call; they get consecutive logical offsets):
 *   i32  event count n (>= 1), then n events:
 *     u8   type code ({@link EventType#code()})
 *     str  clientEventId, customType, userId, anonymousId, sessionId
 *     i64  timestamp epoch seconds, i32 nanosecond of second
 *     str  itemId
 *     u8   1 when a value follows, else 0; f64 value
 *     str  query, orderId
 *     i32  line count, per line: str itemId, f64 price, i32 quantity, str currency
 *     i32  shown count, per item: str itemId, i32 position
 *     str  context page, scenario, recommendationId
 *     i32  property count, per property: str key, str value
 * ERASE (an erasure: these logical offsets are masked for every reader from now on):
 *   i32  count m, then m × i64 logical offsets, ascending
 * SEAL (this topic generation is closed; every record after the first SEAL is void and the shop continues in the
 *       next generation's topic):
 *   i32  0
 * COPY (a rewrite copies surviving events into the next generation, keeping their offsets):
 *   i32  count n, then n × (i64 logical offset, event as in BATCH), offsets ascending
 * OPEN (the copy is complete; BATCHes after it continue from this end):
 *   i32  0, i64 end offset
 * </pre>
 *
 * The count sits at a fixed position (byte 2), so the index reads it without decoding the events.
 */
final class RecordFormat {
    static final int VERSION = 1;
    static final int BATCH = 1;
    static final int ERASE = 2;
    static final int SEAL = 3;
    static final int COPY = 4;
    static final int OPEN = 5;

    private RecordFormat() {
    }

    static byte[] encodeBatch(List<Event> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * events.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(BATCH);
            out.writeInt(events.size());
            for (Event e : events) {
                writeEvent(out, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeErase(long[] offsets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(6 + 8 * offsets.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(ERASE);
            out.writeInt(offsets.length);
            for (long o : offsets) {
                out.writeLong(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeSeal() {
        return new byte[] { VERSION, SEAL, 0, 0, 0, 0 };
    }

    static byte[] encodeOpen(long end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(14);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(OPEN);
            out.writeInt(0);
            out.writeLong(end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static long decodeOpen(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 6, value.length - 6))) {
            return in.readLong();
        } catch (IOException e) {
            throw new IllegalStateException("corrupt open record", e);
        }
    }

    static byte[] encodeCopy(List<LoggedEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * events.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(COPY);
            out.writeInt(events.size());
            for (LoggedEvent e : events) {
                out.writeLong(e.offset());
                writeEvent(out, e.event());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The events of a BATCH (offsets {@code first}, {@code first + 1}, ...) or a COPY (offsets as stored). */
    static List<LoggedEvent> decodeEvents(byte[] value, long first) {
        int kind = kind(value);
        if (kind == BATCH) {
            List<Event> events = decodeBatch(value);
            List<LoggedEvent> out = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                out.add(new LoggedEvent(first + i, events.get(i)));
            }
            return out;
        }
        if (kind != COPY) {
            throw new IllegalStateException("record kind " + kind + " holds no events");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 2, value.length - 2))) {
            int n = in.readInt();
            List<LoggedEvent> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long offset = in.readLong();
                out.add(new LoggedEvent(offset, readEvent(in)));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt copy record", e);
        }
    }

    /** The first logical offset in a COPY. */
    static long firstCopiedOffset(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 6, value.length - 6))) {
            return in.readLong();
        } catch (IOException e) {
            throw new IllegalStateException("corrupt copy record", e);
        }
    }

    /** The last logical offset in a COPY (decodes it). */
    static long lastCopiedOffset(byte[] value) {
        List<LoggedEvent> events = decodeEvents(value, 0);
        return events.get(events.size() - 1).offset();
    }

    /** The kind of a record value; throws {@link IllegalStateException} for a value this version cannot read. */
    static int kind(byte[] value) {
        if (value == null || value.length < 6) {
            throw new IllegalStateException("event log record too short: " + (value == null ? 0 : value.length));
        }
        if (value[0] != VERSION) {
            throw new IllegalStateException("event log record format version " + value[0] + " is not supported (this"
                    + " build reads version " + VERSION + "); upgrade Shoptide");
        }
        int kind = value[1];
        if (kind < BATCH || kind > OPEN) {
            throw new IllegalStateException("unknown event log record kind " + kind);
        }
        return kind;
    }

    /** The event count of a BATCH, or the offset count of an ERASE. */
    static int count(byte[] value) {
        return ((value[2] & 0xff) << 24) | ((value[3] & 0xff) << 16) | ((value[4] & 0xff) << 8) | (value[5] & 0xff);
    }

    static List<Event> decodeBatch(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 2, value.length - 2))) {
            int n = in.readInt();
            List<Event> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(readEvent(in));
            }
            return events;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt event batch record", e);
        }
    }

    static long[] decodeErase(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 2, value.length - 2))) {
            int n = in.readInt();
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = in.readLong();
            }
            return offsets;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt erase record", e);
        }
    }

    private static void writeEvent(DataOutputStream out, Event e) throws IOException {
        out.writeByte(e.type().code());
        writeString(out, e.clientEventId());
        writeString(out, e.customType());
        writeString(out, e.userId());
        writeString(out, e.anonymousId());
        writeString(out, e.sessionId());
        Instant ts = e.timestamp();
        out.writeLong(ts.getEpochSecond());
        out.writeInt(ts.getNano());
        writeString(out, e.itemId());
        if (e.value() != null) {
            out.writeByte(1);
            out.writeDouble(e.value());
        } else {
            out.writeByte(0);
        }
        writeString(out, e.query());
        writeString(out, e.orderId());
        out.writeInt(e.lineItems().size());
        for (LineItem li : e.lineItems()) {
            writeString(out, li.itemId());
            out.writeDouble(li.price());
            out.writeInt(li.quantity());
            writeString(out, li.currency());
        }
        out.writeInt(e.shown().size());
        for (ShownItem s : e.shown()) {
            writeString(out, s.itemId());
            out.writeInt(s.position());
        }
        writeString(out, e.context().page());
        writeString(out, e.context().scenario());
        writeString(out, e.context().recommendationId());
        out.writeInt(e.properties().size());
        for (Map.Entry<String, String> p : e.properties().entrySet()) {
            writeString(out, p.getKey());
            writeString(out, p.getValue());
        }
    }

    private static Event readEvent(DataInputStream in) throws IOException {
        EventType type = EventType.fromCode(in.readUnsignedByte());
        String clientEventId = readString(in);
        String customType = readString(in);
        String userId = readString(in);
        String anonymousId = readString(in);
        String sessionId = readString(in);
        Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String itemId = readString(in);
        Double value = in.readUnsignedByte() == 1 ? in.readDouble() : null;
        String query = readString(in);
        String orderId = readString(in);
        int lines = count(in);
        List<LineItem> lineItems = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            lineItems.add(new LineItem(readString(in), in.readDouble(), in.readInt(), readString(in)));
        }
        int shownCount = count(in);
        List<ShownItem> shown = new ArrayList<>(shownCount);
        for (int i = 0; i < shownCount; i++) {
            shown.add(new ShownItem(readString(in), in.readInt()));
        }
        EventContext context = new EventContext(readString(in), readString(in), readString(in));
        int propertyCount = count(in);
        Map<String, String> properties = HashMap.newHashMap(propertyCount);
        for (int i = 0; i < propertyCount; i++) {
            properties.put(readString(in), readString(in));
        }
        return new Event(clientEventId, type, customType, userId, anonymousId, sessionId, timestamp, itemId, value,
                query, orderId, lineItems, shown, context, properties);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count " + n);
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
