package org.shoptide.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;

/** The record value format: every kind round-trips, and unknown versions or kinds are refused clearly. */
class RecordFormatTest {
    private static final Event E = new Event("c", EventType.VIEW, null, "u", null, null, Instant.EPOCH, "i", 1.5, null,
            null, null, null, null, null);

    @Test
    void kindsRoundTrip() {
        byte[] batch = RecordFormat.encodeBatch(List.of(E, E));
        assertThat(RecordFormat.kind(batch)).isEqualTo(RecordFormat.BATCH);
        assertThat(RecordFormat.count(batch)).isEqualTo(2);
        assertThat(RecordFormat.decodeEvents(batch, 7)).containsExactly(new LoggedEvent(7, E), new LoggedEvent(8, E));

        byte[] erase = RecordFormat.encodeErase(new long[] { 3, 9 });
        assertThat(RecordFormat.kind(erase)).isEqualTo(RecordFormat.ERASE);
        assertThat(RecordFormat.decodeErase(erase)).containsExactly(3, 9);

        byte[] copy = RecordFormat.encodeCopy(List.of(new LoggedEvent(4, E), new LoggedEvent(10, E)));
        assertThat(RecordFormat.kind(copy)).isEqualTo(RecordFormat.COPY);
        assertThat(RecordFormat.firstCopiedOffset(copy)).isEqualTo(4);
        assertThat(RecordFormat.lastCopiedOffset(copy)).isEqualTo(10);
        assertThat(RecordFormat.decodeEvents(copy, 0)).extracting(LoggedEvent::offset).containsExactly(4L, 10L);

        assertThat(RecordFormat.kind(RecordFormat.encodeSeal())).isEqualTo(RecordFormat.SEAL);
        byte[] open = RecordFormat.encodeOpen(42);
        assertThat(RecordFormat.kind(open)).isEqualTo(RecordFormat.OPEN);
        assertThat(RecordFormat.decodeOpen(open)).isEqualTo(42);
    }

    @Test
    void refusesUnknownVersionsAndKinds() {
        byte[] batch = RecordFormat.encodeBatch(List.of(E));
        batch[0] = 2;
        assertThatThrownBy(() -> RecordFormat.kind(batch)).hasMessageContaining("format version 2 is not supported");
        byte[] seal = RecordFormat.encodeSeal();
        seal[1] = 9;
        assertThatThrownBy(() -> RecordFormat.kind(seal)).hasMessageContaining("unknown event log record kind 9");
        assertThatThrownBy(() -> RecordFormat.kind(new byte[] { 1 })).hasMessageContaining("too short");
    }
}
