package org.shoptide.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which user each anonymous id of a shop was merged into, read from the user store once per anonymous id and then kept
 * (also when it has none) until an alias or an erasure changes it.
 */
final class AliasCache {
    private static final String NO_ALIAS = "";

    /** anonymous id → user id, or {@link #NO_ALIAS} when known to have none. */
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> lookup;

    AliasCache(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /**
     * The id realtime state knows a caller by: the user id, else the user an anonymous id was merged into, else the
     * anonymous id; null when both are null.
     */
    String subject(String userId, String anonymousId) {
        if (userId != null) {
            return userId;
        }
        if (anonymousId == null) {
            return null;
        }
        String u = aliases.get(anonymousId);
        if (u == null) { // a store read outside the map's locks; racing readers store the same answer
            u = lookup.apply(anonymousId).orElse(NO_ALIAS);
            aliases.put(anonymousId, u);
        }
        return u.equals(NO_ALIAS) ? anonymousId : u;
    }

    void put(String anonymousId, String userId) {
        aliases.put(anonymousId, userId);
    }

    /**
     * Drops the "has no alias" answers, so the next use reads the store again: another node of a cluster may have
     * merged those visitors meanwhile.
     */
    void forgetUnaliased() {
        aliases.values().removeIf(NO_ALIAS::equals);
    }

    void forget(String anonymousId) {
        aliases.remove(anonymousId);
    }
}
