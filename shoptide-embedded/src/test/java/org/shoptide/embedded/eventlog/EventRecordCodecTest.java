package org.shoptide.embedded.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;

class EventRecordCodecTest {

    static Event full() {
        return new Event("c-1", EventType.REFUND, null, "user-\u00fc\u00df\uD83D\uDE00", "anon", "sess",
                Instant.parse("1969-12-31T23:59:59.000000001Z"), "item", -3.25, "q \u4e2d\u6587", "order",
                List.of(new LineItem("a", 1.5, 3, "EUR"), new LineItem("b", Double.NaN, Integer.MIN_VALUE, null)),
                List.of(new ShownItem("x", 0), new ShownItem("y", Integer.MAX_VALUE)),
                new EventContext("/home", null, "rec"), Map.of("a", "1", "\u00e9", "{\"x\":null}"));
    }

    @Test
    void everyFieldRoundTrips() {
        Event e = full();
        assertThat(EventRecordCodec.fromBytes(EventRecordCodec.toBytes(e))).isEqualTo(e);
    }

    @Test
    void minimalEventRoundTripsWithNullsAndEmptyCollections() {
        Event e = new Event(null, EventType.CUSTOM, "my-type", null, "anon", null, Instant.ofEpochSecond(0), null, null,
                null, null, null, null, null, null);
        Event back = EventRecordCodec.fromBytes(EventRecordCodec.toBytes(e));
        assertThat(back).isEqualTo(e);
        assertThat(back.context()).isSameAs(EventContext.EMPTY);
        assertThat(back.value()).isNull();
    }

    @Test
    void everyTypeRoundTrips() {
        for (EventType t : EventType.values()) {
            Event e = Event.ofItem(t, "u", "i", Instant.parse("2030-05-06T07:08:09.5Z"));
            assertThat(EventRecordCodec.fromBytes(EventRecordCodec.toBytes(e))).isEqualTo(e);
            assertThat(EventRecordCodec.toBytes(e)[0]).isEqualTo((byte) t.code());
        }
    }

    @Test
    void encodingIsCompact() {
        Event e = Event.ofItem(EventType.VIEW, "user-1", "item-1", Instant.now());
        // type, flags, 5 strings, 12 timestamp bytes, item, query, order, 2 counts, 3 context, 1 count
        assertThat(EventRecordCodec.toBytes(e)).hasSizeLessThan(2 + 5 + 7 + 12 + 7 + 2 + 2 + 3 + 1 + 1);
    }

    @Test
    void longStringsRoundTrip() {
        String big = "x".repeat(100_000) + "\u00e9".repeat(1000);
        Event e = new Event(null, EventType.SEARCH, null, "u", null, null, Instant.EPOCH, null, null, big, null, null,
                null, null, Map.of("k", big));
        assertThat(EventRecordCodec.fromBytes(EventRecordCodec.toBytes(e))).isEqualTo(e);
    }

    @Test
    void truncatedOrGarbledBytesFailWithCorruptDataException() {
        byte[] bytes = EventRecordCodec.toBytes(full());
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> EventRecordCodec.fromBytes(cut))
                    .isInstanceOf(EventRecordCodec.CorruptDataException.class);
        }
        byte[] badType = bytes.clone();
        badType[0] = 99;
        assertThatThrownBy(() -> EventRecordCodec.fromBytes(badType))
                .isInstanceOf(EventRecordCodec.CorruptDataException.class).hasMessageContaining("99");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> EventRecordCodec.fromBytes(trailing)).hasMessageContaining("trailing");
    }
}
