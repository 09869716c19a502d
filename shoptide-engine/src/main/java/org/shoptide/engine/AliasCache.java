package org.shoptide.engine;

import org.shoptide.engine.snapshot.CorruptSnapshotException;
import org.shoptide.engine.snapshot.SnapshotIn;
import org.shoptide.engine.snapshot.SnapshotOut;
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

    /** Saves every cached answer: anonymous id, then the user id or "" for "known to have none". */
    void writeTo(SnapshotOut out) {
        Map<String, String> copy = Map.copyOf(aliases);
        out.writeVarInt(copy.size());
        copy.forEach((anon, user) -> {
            out.writeString(anon);
            out.writeString(user);
        });
    }

    /**
     * Loads saved answers and checks each against the store, which may have changed after the snapshot was taken (an
     * alias made or undone before a crash). Calls {@code changed} with (anonymous id, saved user or null, user now or
     * null) for each answer that differs, after caching the answer of now.
     */
    void readFrom(SnapshotIn in, Changed changed) {
        int n = in.readCount(2);
        for (int i = 0; i < n; i++) {
            String anon = in.readString();
            String saved = in.readString();
            if (anon == null || saved == null) {
                throw new CorruptSnapshotException("a null id in the alias section");
            }
            String now = lookup.apply(anon).orElse(NO_ALIAS);
            aliases.put(anon, now);
            if (!now.equals(saved)) {
                changed.changed(anon, saved.equals(NO_ALIAS) ? null : saved, now.equals(NO_ALIAS) ? null : now);
            }
        }
    }

    /** An alias that changed between a snapshot and the start that loads it. */
    @FunctionalInterface
    interface Changed {
        void changed(String anonymousId, String savedUser, String userNow);
    }

    void forget(String anonymousId) {
        aliases.remove(anonymousId);
    }
}
