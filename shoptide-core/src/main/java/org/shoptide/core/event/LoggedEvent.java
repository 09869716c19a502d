package org.shoptide.core.event;

import java.util.Objects;

/** An event as read back from the log, with the offset the log gave it (per shop, from 0). */
public record LoggedEvent(long offset, Event event) {
    public LoggedEvent {
        Objects.requireNonNull(event, "event");
    }
}
