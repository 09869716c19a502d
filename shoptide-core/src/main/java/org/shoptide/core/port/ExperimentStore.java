package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.shop.ShopId;

/**
 * A/B experiments of each shop. The store keeps the life-cycle columns (status and times) and the experiment's
 * definition text (canonical JSON written by the engine, not interpreted here). Contract:
 * {@code ExperimentStoreContract} in shoptide-testing.
 * <ul>
 * <li>Ids are unique per shop; creating an id twice fails and changes nothing.
 * <li>{@link #update} replaces status and times only; name, definition and creation time never change.
 * <li>Acknowledged writes are durable; shops are isolated.
 * </ul>
 */
public interface ExperimentStore {

    /** Stores a new experiment; throws {@link IllegalStateException} when the shop already has one with that id. */
    void create(ExperimentRecord experiment);

    Optional<ExperimentRecord> get(ShopId shop, String id);

    /** The shop's experiments, oldest first (by creation time, then id). */
    List<ExperimentRecord> list(ShopId shop);

    /** Replaces status, start and stop time; false when the experiment does not exist. */
    boolean update(ExperimentRecord experiment);

    /**
     * One stored experiment.
     *
     * @param definition
     *            the engine's canonical JSON of scenario, unit, variants, guardrails and exploration
     * @param startedAt
     *            null until started
     * @param stoppedAt
     *            null until stopped
     */
    record ExperimentRecord(ShopId shop, String id, String name, ExperimentStatus status, String definition,
            Instant createdAt, Instant startedAt, Instant stoppedAt) {
        public ExperimentRecord {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        public ExperimentRecord withStatus(ExperimentStatus newStatus, Instant started, Instant stopped) {
            return new ExperimentRecord(shop, id, name, newStatus, definition, createdAt, started, stopped);
        }
    }
}
