package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.shoptide.core.event.Event;

/**
 * The client event ids a shop's log holds (rebuilt by replay) and the check-and-reserve that de-duplicates a batch
 * against them: a batch's new ids are reserved atomically before the append and released when the append fails.
 */
final class IngestSequencer {
    /** What of a batch to store, and which ids it reserved. */
    record Batch(List<Event> toStore, List<String> reserved, int duplicates) {
    }

    private final ClientEventIds ids = new ClientEventIds();

    /** Drops the events whose client id is stored or repeated in the batch; reserves the ids of the others. */
    synchronized Batch reserve(List<Event> events) {
        List<Event> toStore = new ArrayList<>(events.size());
        List<String> reserved = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        int duplicates = 0;
        for (Event e : events) {
            String cid = e.clientEventId();
            if (cid != null) {
                if (!inBatch.add(cid) || !ids.add(cid)) {
                    duplicates++;
                    continue;
                }
                reserved.add(cid);
            }
            toStore.add(e);
        }
        return new Batch(toStore, reserved, duplicates);
    }

    /** Nothing of the batch was stored: a retry must be accepted. */
    synchronized void release(List<String> reserved) {
        reserved.forEach(ids::remove);
    }

    /** An id seen in the log (replay and subscription). */
    void stored(String clientEventId) {
        ids.add(clientEventId);
    }

    /** Ids whose events were erased from the log. */
    synchronized void forget(Collection<String> erased) {
        ids.removeAll(erased);
    }
}
