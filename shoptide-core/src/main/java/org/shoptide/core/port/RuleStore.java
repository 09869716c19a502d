package org.shoptide.core.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * Versioned business-rule sets of each shop. A rule set is stored as its definition text (the canonical JSON the engine
 * writes after validating it); the store does not interpret it. Every {@link #append} creates the next version, so old
 * versions stay readable and each recommendation can name the version it used. Contract: {@code RuleStoreContract} in
 * shoptide-testing.
 * <ul>
 * <li>Versions of a shop start at 1 and increase by one per append, with no gaps, also under concurrent appends.
 * <li>An acknowledged append is durable and atomic.
 * <li>Shops are isolated: one shop's versions never appear under another.
 * </ul>
 */
public interface RuleStore {

    /** Stores {@code definition} as the shop's next version and returns it. */
    RuleSetRecord append(ShopId shop, String definition, Instant createdAt);

    /** The newest version of the shop's rules, or empty when it never had any. */
    Optional<RuleSetRecord> latest(ShopId shop);

    /** One version, or empty when the shop has no such version. */
    Optional<RuleSetRecord> get(ShopId shop, int version);

    /** One stored version of a shop's rule set. */
    record RuleSetRecord(ShopId shop, int version, Instant createdAt, String definition) {
        public RuleSetRecord {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(definition, "definition");
            if (version < 1) {
                throw new IllegalArgumentException("rule set versions start at 1, got " + version);
            }
        }
    }
}
