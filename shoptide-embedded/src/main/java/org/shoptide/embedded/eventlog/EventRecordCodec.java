package org.shoptide.embedded.eventlog;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.shoptide.core.event.ShownItem;

/**
 * Compact binary codec of one {@link Event} (segment format version 1). Big-endian; {@code str} is
 * {@code varint(n + 1)} then {@code n} UTF-8 bytes, {@code varint(0)} meaning null; {@code varint} is unsigned LEB128,
 * {@code zigzag} is a zig-zag encoded varint.
 *
 * <pre>
 * u8      type code ({@link EventType#code()})
 * u8      flags: bit 0 = value present; other bits 0
 * str     clientEventId, customType, userId, anonymousId, sessionId
 * i64     timestamp epoch seconds
 * i32     timestamp nanosecond of second (0..999,999,999): lossless Instant
 * str     itemId
 * f64     value (only when flag bit 0)
 * str     query, orderId
 * varint  line item count, then per line: str itemId, f64 price, zigzag quantity, str currency
 * varint  shown item count, then per item: str itemId, zigzag position
 * str     context page, context scenario, context recommendationId
 * varint  property count, then per property: str key, str value
 * </pre>
 *
 * The event's length is stored by the enclosing record, so a reader can skip an event without decoding it.
 */
public final class EventRecordCodec {
    private static final int FLAG_VALUE = 1;

    private EventRecordCodec() {
    }

    /** Appends the encoding of {@code e} to {@code out}. */
    public static void encode(Event e, WriteBuffer out) {
        out.putByte(e.type().code());
        out.putByte(e.value() != null ? FLAG_VALUE : 0);
        out.putString(e.clientEventId());
        out.putString(e.customType());
        out.putString(e.userId());
        out.putString(e.anonymousId());
        out.putString(e.sessionId());
        Instant timestamp = e.timestamp();
        out.putLong(timestamp.getEpochSecond());
        out.putInt(timestamp.getNano());
        out.putString(e.itemId());
        if (e.value() != null) {
            out.putDouble(e.value());
        }
        out.putString(e.query());
        out.putString(e.orderId());
        List<LineItem> lines = e.lineItems();
        out.putVarInt(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            LineItem li = lines.get(i);
            out.putString(li.itemId());
            out.putDouble(li.price());
            out.putZigZag(li.quantity());
            out.putString(li.currency());
        }
        List<ShownItem> shown = e.shown();
        out.putVarInt(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            ShownItem s = shown.get(i);
            out.putString(s.itemId());
            out.putZigZag(s.position());
        }
        EventContext ctx = e.context();
        out.putString(ctx.page());
        out.putString(ctx.scenario());
        out.putString(ctx.recommendationId());
        Map<String, String> props = e.properties();
        out.putVarInt(props.size());
        for (Map.Entry<String, String> p : props.entrySet()) {
            out.putString(p.getKey());
            out.putString(p.getValue());
        }
    }

    /**
     * Decodes one event from {@code in}, starting at its position and consuming exactly the event's bytes.
     *
     * @throws CorruptDataException
     *             if the bytes are not a valid event
     */
    public static Event decode(ByteBuffer in) {
        try {
            EventType type = EventType.fromCode(in.get() & 0xFF);
            int flags = in.get() & 0xFF;
            if ((flags & ~FLAG_VALUE) != 0) {
                throw new CorruptDataException("unknown event flags " + flags);
            }
            String clientEventId = getString(in);
            String customType = getString(in);
            String userId = getString(in);
            String anonymousId = getString(in);
            String sessionId = getString(in);
            long seconds = in.getLong();
            int nanos = in.getInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new CorruptDataException("bad timestamp nanos " + nanos);
            }
            Instant ts = Instant.ofEpochSecond(seconds, nanos);
            String itemId = getString(in);
            Double value = (flags & FLAG_VALUE) != 0 ? in.getDouble() : null;
            String query = getString(in);
            String orderId = getString(in);
            int lineCount = getCount(in);
            List<LineItem> lines = lineCount == 0 ? List.of() : new ArrayList<>(lineCount);
            for (int i = 0; i < lineCount; i++) {
                lines.add(new LineItem(getString(in), in.getDouble(), getZigZag(in), getString(in)));
            }
            int shownCount = getCount(in);
            List<ShownItem> shown = shownCount == 0 ? List.of() : new ArrayList<>(shownCount);
            for (int i = 0; i < shownCount; i++) {
                shown.add(new ShownItem(getString(in), getZigZag(in)));
            }
            String page = getString(in);
            String scenario = getString(in);
            String recommendationId = getString(in);
            EventContext ctx = page == null && scenario == null && recommendationId == null ? EventContext.EMPTY
                    : new EventContext(page, scenario, recommendationId);
            int propCount = getCount(in);
            Map<String, String> props = propCount == 0 ? Map.of() : new HashMap<>(propCount * 2);
            for (int i = 0; i < propCount; i++) {
                props.put(getString(in), getString(in));
            }
            return new Event(clientEventId, type, customType, userId, anonymousId, sessionId, ts, itemId, value, query,
                    orderId, lines, shown, ctx, props);
        } catch (BufferUnderflowException | IllegalArgumentException | NullPointerException ex) {
            throw new CorruptDataException("malformed event: " + ex.getMessage(), ex);
        }
    }

    /** Encodes one event to a fresh array (tests and tools; the log itself encodes into a reused buffer). */
    public static byte[] toBytes(Event e) {
        WriteBuffer out = new WriteBuffer(256);
        encode(e, out);
        ByteBuffer w = out.written();
        byte[] bytes = new byte[w.remaining()];
        w.get(bytes);
        return bytes;
    }

    /** Decodes an array produced by {@link #toBytes}; trailing bytes are an error. */
    public static Event fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        Event e = decode(in);
        if (in.hasRemaining()) {
            throw new CorruptDataException(in.remaining() + " trailing bytes after event");
        }
        return e;
    }

    static int getVarInt(ByteBuffer in) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptDataException("varint longer than 5 bytes");
    }

    private static int getZigZag(ByteBuffer in) {
        int v = getVarInt(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static int getCount(ByteBuffer in) {
        int n = getVarInt(in);
        if (n < 0 || n > in.remaining()) {
            throw new CorruptDataException("bad element count " + n);
        }
        return n;
    }

    private static String getString(ByteBuffer in) {
        int n = getVarInt(in);
        if (n == 0) {
            return null;
        }
        int len = n - 1;
        if (len < 0 || len > in.remaining()) {
            throw new CorruptDataException("string length " + len + " exceeds remaining " + in.remaining());
        }
        String s;
        if (in.hasArray()) {
            s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
            in.position(in.position() + len);
        } else {
            byte[] b = new byte[len];
            in.get(b);
            s = new String(b, StandardCharsets.UTF_8);
        }
        return s;
    }

    /** Bytes that do not follow the format (a bug or media corruption that a checksum did not catch). */
    public static final class CorruptDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CorruptDataException(String message) {
            super(message);
        }

        public CorruptDataException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
