package org.shoptide.core.price;

import java.time.Instant;
import java.util.Objects;

/** A price drop as one customer sees it: the drop and whether they dismissed it. */
public record DropNotice(PriceDrop drop, String subject, Instant seenAt) {
    public DropNotice {
        Objects.requireNonNull(drop, "drop");
        Objects.requireNonNull(subject, "subject");
    }
}
