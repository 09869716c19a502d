package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import org.shoptide.core.alert.AlertDelivery;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.Silence;

/**
 * What the built-in alert notifier keeps across restarts: the state of each alert instance, the silences and the
 * delivery outbox (ADR 0029). Instants are kept to the microsecond. Implementations are thread-safe; contract:
 * {@code AlertStoreContract}.
 */
public interface AlertStore {

    /** Every alert instance, ordered by key. */
    List<AlertState> states();

    /**
     * One evaluation's changes in one transaction: {@code upserts} replace the states of their keys, {@code deletes}
     * remove states by key (absent keys are ignored), {@code enqueue} adds deliveries. All or nothing.
     */
    void apply(List<AlertState> upserts, List<String> deletes, List<AlertDelivery> enqueue);

    /** At most {@code limit} deliveries with {@code nextAttemptAt <= now}, oldest first (created, then id). */
    List<AlertDelivery> due(Instant now, int limit);

    /** Every delivery still in the outbox, given up ones included, oldest first. */
    List<AlertDelivery> deliveries();

    /** The channel accepted the delivery: it leaves the outbox. False when it was not there. */
    boolean delivered(String id);

    /** An attempt failed: records the count, the error and the next attempt (null: given up). */
    void failed(String id, int attempts, Instant nextAttemptAt, String error);

    /** Adds a silence; an id that exists already fails with {@link IllegalArgumentException}. */
    void putSilence(Silence silence);

    /** Every silence, expired ones included, ordered by start then id. */
    List<Silence> silences();

    /** Removes a silence; false when there was none with that id. */
    boolean deleteSilence(String id);
}
