package org.shoptide.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.IngestResult;

/**
 * Use case: event ingest. Validates, de-duplicates by client event id (see {@link IngestSequencer}), attributes
 * anonymous events of merged visitors to their user, appends durably and waits until the shop's projection has applied
 * the batch, so that a recommendation asked after ingest returns reflects it (ADR 0005).
 */
final class IngestService {
    private final ShopRegistry registry;
    private final Validation validation;
    private final EventLog log;
    private final EngineConfig config;
    private final Clock clock;

    IngestService(ShopRegistry registry, Validation validation, EventLog log, EngineConfig config, Clock clock) {
        this.registry = registry;
        this.validation = validation;
        this.log = log;
        this.config = config;
        this.clock = clock;
    }

    IngestResult ingest(ShopId shopId, List<Event> events) {
        registry.ensureOpen(); // a closed engine no longer applies the log's tail
        ShopRuntime rt = registry.runtime(shopId);
        validation.events(rt.settings.current(), events, clock.instant());
        List<Event> attributed = new ArrayList<>(events.size());
        for (Event e : events) {
            String subject = rt.aliases.subject(e.userId(), e.anonymousId());
            attributed.add(e.userId() == null && !subject.equals(e.anonymousId()) ? e.withUserId(subject) : e);
        }
        IngestSequencer.Batch batch = rt.eventIds.reserve(attributed);
        List<Event> toStore = batch.toStore();
        if (toStore.isEmpty()) {
            return new IngestResult(0, batch.duplicates(), -1);
        }
        long first;
        try {
            first = log.append(shopId, toStore).join();
        } catch (RuntimeException e) {
            rt.eventIds.release(batch.reserved());
            throw AppendFailure.of(e, "appending " + toStore.size() + " events to shop " + shopId + " failed");
        }
        rt.applied.awaitOrWarn(first + toStore.size(), config.ingestVisibilityTimeout());
        return new IngestResult(toStore.size(), batch.duplicates(), first);
    }

    void validateEvents(ShopId shopId, List<Event> events) {
        validation.events(registry.runtime(shopId).settings.current(), events, clock.instant());
    }
}
