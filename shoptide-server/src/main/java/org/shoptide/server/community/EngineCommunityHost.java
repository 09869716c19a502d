package org.shoptide.server.community;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.shoptide.community.CommunityHost;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.BuiltInCustomTypes;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;

/** The community's view of the engine: catalog pages, ingest of interest events, user traits, timelines, log replay. */
public final class EngineCommunityHost implements CommunityHost {
    private static final int PAGE = 1000;

    private final Engine engine;
    private final EventLog log;

    public EngineCommunityHost(Engine engine, EventLog log) {
        this.engine = engine;
        this.log = log;
    }

    @Override
    public List<Item> catalog(ShopId shop) {
        List<Item> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Item> page = engine.items(shop, cursor, PAGE);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Override
    public void interest(ShopId shop, String userId, List<String> itemIds, Instant at) {
        List<Event> events = new ArrayList<>(itemIds.size());
        for (String itemId : itemIds) {
            events.add(new Event(null, EventType.CUSTOM, BuiltInCustomTypes.COMMUNITY_INTEREST, userId, null, null, at,
                    itemId, null, null, null, null, null, null, Map.of("source", "community")));
        }
        engine.ingest(shop, events);
    }

    @Override
    public Map<String, String> traits(ShopId shop, String userId) {
        return engine.user(shop, userId).map(User::traits).orElse(Map.of());
    }

    @Override
    public void updateTraits(ShopId shop, String userId, Map<String, String> set, Set<String> remove) {
        User old = engine.user(shop, userId).orElse(null);
        if (old == null && set.isEmpty()) {
            return;
        }
        Map<String, String> traits = new HashMap<>(old == null ? Map.of() : old.traits());
        remove.forEach(traits::remove);
        traits.putAll(set);
        engine.upsertUser(shop, new User(userId, traits, old == null ? null : old.createdAt(), null));
    }

    @Override
    public List<Event> timeline(ShopId shop, String userId, int limit) {
        return engine.userEvents(shop, userId, Math.min(limit, Engine.MAX_TIMELINE)).stream().map(LoggedEvent::event)
                .toList();
    }

    @Override
    public void replay(ShopId shop, Consumer<Event> consumer) {
        log.replay(shop, 0, e -> consumer.accept(e.event()));
    }
}
