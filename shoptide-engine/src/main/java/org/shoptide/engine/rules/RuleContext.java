package org.shoptide.engine.rules;

import java.util.Map;
import java.util.Objects;

/**
 * What a rule expression may read besides the item's catalog record: the engine's {@link ItemSignals} (such as
 * {@code price_drop_pct}) and the requesting user's traits ({@code user.NAME}; empty for an anonymous caller or when no
 * rule reads them).
 */
public record RuleContext(ItemSignals signals, Map<String, String> user) {
    /** No signals and no user traits. */
    public static final RuleContext NONE = new RuleContext(ItemSignals.NONE, Map.of());

    public RuleContext {
        Objects.requireNonNull(signals, "signals");
        user = user == null ? Map.of() : user;
    }

    public static RuleContext of(ItemSignals signals) {
        return new RuleContext(signals, Map.of());
    }

    public static RuleContext of(Map<String, String> user) {
        return new RuleContext(ItemSignals.NONE, user);
    }
}
