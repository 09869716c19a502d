package org.shoptide.engine;

import org.shoptide.core.event.LoggedEvent;

/**
 * Derived state kept from a shop's event log. Whatever drives it (a start-up replay, a log subscription, a consumer of
 * another event log adapter) hands it every record once, in offset order; it tells how far it has applied the log.
 */
interface EventProjector {
    /** Applies one record; a record it cannot apply is logged and skipped, never thrown. */
    void accept(LoggedEvent event);

    /** The offset of the next record not applied yet. */
    long appliedOffset();
}
