package org.shoptide.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

/** Use case: a shop's customers: their rows, aliases (visitor → user), erasure and timeline. */
final class UserService {
    private final ShopRegistry registry;
    private final UserStore users;
    private final EventLog log;
    private final Validation validation;
    private final TrainingService training;
    private volatile ShopEventCopy eventCopy;
    private volatile PriceTracker priceTracker;

    UserService(ShopRegistry registry, UserStore users, EventLog log, Validation validation, TrainingService training) {
        this.registry = registry;
        this.users = users;
        this.log = log;
        this.validation = validation;
        this.training = training;
    }

    /** Erases the user from price-drop notices too. */
    void priceTracker(PriceTracker tracker) {
        this.priceTracker = tracker;
    }

    /** Erases from {@code copy} too (the lake), before {@link #eraseUser} returns. */
    void eventCopy(ShopEventCopy copy) {
        this.eventCopy = copy;
    }

    void upsertUser(ShopId shop, User user) {
        registry.runtime(shop);
        if (user == null) {
            throw ValidationException.of("user", "user is required");
        }
        validation.user(user);
        users.upsert(shop, user);
    }

    Optional<User> user(ShopId shop, String userId) {
        registry.runtime(shop);
        Validation.requireId("userId", userId);
        return users.get(shop, userId);
    }

    /**
     * Stores the alias (creating the user, without traits, when the shop never sent it, so that the user it names
     * exists; the user port has no insert-if-absent, so traits upserted concurrently with the first alias of a new user
     * can be overwritten by the empty row), then moves the visitor's realtime state, exposures and experiment units
     * into the user's.
     */
    void alias(ShopId shop, String anonymousId, String userId) {
        ShopRuntime rt = registry.runtime(shop);
        Validation.requireId("anonymousId", anonymousId);
        Validation.requireId("userId", userId);
        if (anonymousId.equals(userId)) {
            throw ValidationException.of("anonymousId", "anonymousId and userId must differ");
        }
        if (users.get(shop, userId).isEmpty()) {
            users.upsert(shop, new User(userId, Map.of(), null, null));
        }
        users.alias(shop, anonymousId, userId);
        rt.aliases.put(anonymousId, userId);
        rt.realtime.merge(anonymousId, userId);
        rt.exposures.merge(anonymousId, userId);
        rt.interest.merge(anonymousId, userId);
        for (LiveExperiment e : rt.policies.experiments()) {
            e.counters.alias(anonymousId, userId);
        }
    }

    /**
     * Undoes the merge of {@code anonymousId} into {@code userId} (an identity link found wrong): removes the alias,
     * then rebuilds both realtime states from the log, the user's without the visitor's events and the visitor's on its
     * own (see {@link ShopProjector#rebuildSubjects}). Exposures and experiment units merged earlier stay with the
     * user. Returns false, changing nothing, when the visitor is not merged into that user.
     */
    boolean unalias(ShopId shop, String anonymousId, String userId) {
        ShopRuntime rt = registry.runtime(shop);
        Validation.requireId("anonymousId", anonymousId);
        Validation.requireId("userId", userId);
        if (!users.unalias(shop, anonymousId, userId)) {
            return false;
        }
        rt.aliases.forget(anonymousId);
        rt.projector.rebuildSubjects(Set.of(userId, anonymousId));
        ShopProfiles profiles = rt.profiles;
        if (profiles != null) {
            profiles.forget(userId);
        }
        return true;
    }

    /**
     * Erases the user's and their aliases' events from the log (and from the lake when there is one), their client
     * event ids, realtime state, alias cache and rows; retrains in the background when the served model knows them.
     * Item activity counters keep the erased events' anonymous contribution until the next restart.
     */
    ErasureResult eraseUser(ShopId shop, String userId) {
        ShopRuntime rt = registry.runtime(shop);
        Validation.requireId("userId", userId);
        List<String> aliases = users.aliasesOf(shop, userId);
        Set<String> ids = new HashSet<>(aliases);
        ids.add(userId);
        Set<String> erasedIds = ConcurrentHashMap.newKeySet();
        long erased = log.erase(shop, e -> {
            boolean match = (e.userId() != null && ids.contains(e.userId()))
                    || (e.anonymousId() != null && ids.contains(e.anonymousId()));
            if (match && e.clientEventId() != null) {
                erasedIds.add(e.clientEventId());
            }
            return match;
        });
        ShopEventCopy copy = eventCopy;
        if (copy != null) {
            copy.erase(shop, ids);
        }
        rt.eventIds.forget(erasedIds);
        rt.served.erased(ids);
        for (String id : ids) {
            rt.realtime.drop(id);
            rt.aliases.forget(id);
        }
        rt.exposures.forget(ids);
        rt.interest.forget(ids);
        PriceTracker prices = priceTracker;
        if (prices != null) {
            prices.erase(shop, ids);
        }
        ShopProfiles profiles = rt.profiles;
        if (profiles != null) {
            ids.forEach(profiles::forget);
        }
        boolean hadRow = users.get(shop, userId).isPresent();
        users.delete(shop, userId);
        if (ids.stream().anyMatch(id -> rt.served.model().userIndex(id) >= 0)) {
            // the served model (and the stored versions) hold the user's factors: retrain without them
            training.retrainAfterErasure(rt);
        }
        return new ErasureResult(hadRow, erased, aliases.size());
    }

    /** The newest {@code limit} events of the user and their aliases, newest first, in one pass over the log. */
    List<LoggedEvent> userEvents(ShopId shop, String userId, int limit) {
        registry.runtime(shop);
        Validation.requireId("userId", userId);
        if (limit < 1 || limit > Engine.MAX_TIMELINE) {
            throw new ValidationException("invalid timeline limit", List
                    .of(new Violation(-1, "limit", "limit must be 1 to " + Engine.MAX_TIMELINE + ", was " + limit)));
        }
        Set<String> ids = new HashSet<>(users.aliasesOf(shop, userId));
        ids.add(userId);
        LoggedEvent[] ring = new LoggedEvent[limit];
        long[] seen = { 0 };
        log.replay(shop, 0, le -> {
            Event e = le.event();
            if ((e.userId() != null && ids.contains(e.userId()))
                    || (e.anonymousId() != null && ids.contains(e.anonymousId()))) {
                ring[(int) (seen[0]++ % limit)] = le;
            }
        });
        int n = (int) Math.min(seen[0], limit);
        List<LoggedEvent> newestFirst = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            newestFirst.add(ring[(int) ((seen[0] - i) % limit)]);
        }
        return newestFirst;
    }
}
