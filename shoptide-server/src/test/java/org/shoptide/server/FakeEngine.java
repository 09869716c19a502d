package org.shoptide.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

/**
 * An in-memory {@link Engine} for HTTP-layer tests: shops and keys, dedup by client event id, all-or-nothing batches, a
 * popularity "model". Rejects rate events outside 1..5 like the real engine validates ranges.
 */
public final class FakeEngine implements Engine {
    private final Clock clock;
    private final Map<ShopId, Shop> shops = new TreeMap<>();
    private final Map<String, ApiPrincipal> keys = new HashMap<>();
    private final Map<ShopId, List<Event>> events = new HashMap<>();
    private final Map<ShopId, Set<String>> eventIds = new HashMap<>();
    private final Map<ShopId, TreeMap<String, Item>> items = new HashMap<>();
    private final Map<ShopId, Map<String, User>> users = new HashMap<>();
    private final Map<ShopId, Map<String, String>> aliases = new HashMap<>();
    private final Map<ShopId, ModelInfo> models = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    public FakeEngine(Clock clock) {
        this.clock = clock;
    }

    private String newKey(ApiKeyKind kind) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return kind.prefix() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public synchronized ShopCredentials createShop(ShopId id, String name) {
        if (shops.containsKey(id)) {
            throw new IllegalStateException("shop exists: " + id);
        }
        String pk = newKey(ApiKeyKind.PUBLISHABLE);
        String sk = newKey(ApiKeyKind.SECRET);
        Shop shop = new Shop(id, name, clock.instant(), "h(" + pk + ")", "h(" + sk + ")", null, null);
        shops.put(id, shop);
        keys.put(pk, new ApiPrincipal(id, ApiKeyKind.PUBLISHABLE));
        keys.put(sk, new ApiPrincipal(id, ApiKeyKind.SECRET));
        return new ShopCredentials(shop, pk, sk);
    }

    @Override
    public synchronized List<Shop> listShops() {
        return List.copyOf(shops.values());
    }

    @Override
    public synchronized Optional<Shop> shop(ShopId id) {
        return Optional.ofNullable(shops.get(id));
    }

    @Override
    public synchronized String rotateKey(ShopId id, ApiKeyKind kind) {
        requireShop(id);
        keys.values().removeIf(p -> p.shop().equals(id) && p.kind() == kind);
        String k = newKey(kind);
        keys.put(k, new ApiPrincipal(id, kind));
        return k;
    }

    @Override
    public synchronized Shop updateShop(ShopId id, org.shoptide.engine.api.ShopUpdate u) {
        requireShop(id);
        Shop old = shops.get(id);
        Shop updated = new Shop(id, u.name() == null ? old.name() : u.name(), old.createdAt(), old.publishableKeyHash(),
                old.secretKeyHash(), u.customEventWeights() == null ? old.customEventWeights() : u.customEventWeights(),
                u.trainingTime() == null ? old.trainingTime() : u.trainingTime().isEmpty() ? null : u.trainingTime(),
                u.attributionWindowMinutes() == null ? old.attributionWindowMinutes() : u.attributionWindowMinutes(),
                u.explorationRate() == null ? old.explorationRate() : u.explorationRate(),
                u.trackingConsentRequired() == null ? old.trackingConsentRequired() : u.trackingConsentRequired());
        shops.put(id, updated);
        return updated;
    }

    /** The fake's one engine-only rule (the real engine has more): a rating between 1 and 5. */
    @Override
    public synchronized void validateEvents(ShopId shop, List<Event> batch) {
        requireShop(shop);
        List<Violation> v = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Event e = batch.get(i);
            if (e.type() == EventType.RATE && (e.value() == null || e.value() < 1 || e.value() > 5)) {
                v.add(new Violation(i, "value", "rating must be between 1 and 5"));
            }
        }
        if (!v.isEmpty()) {
            throw new ValidationException("invalid batch", v);
        }
    }

    @Override
    public synchronized void validateItems(ShopId shop, List<Item> items) {
        requireShop(shop);
    }

    @Override
    public synchronized Optional<ApiPrincipal> authenticate(String apiKey) {
        return Optional.ofNullable(keys.get(apiKey));
    }

    private void requireShop(ShopId id) {
        if (!shops.containsKey(id)) {
            throw new NotFoundException("no shop " + id);
        }
    }

    @Override
    public synchronized IngestResult ingest(ShopId shop, List<Event> batch) {
        validateEvents(shop, batch);
        Set<String> seen = eventIds.computeIfAbsent(shop, s -> new HashSet<>());
        List<Event> log = events.computeIfAbsent(shop, s -> new ArrayList<>());
        int accepted = 0;
        int dup = 0;
        long first = -1;
        for (Event e : batch) {
            if (e.clientEventId() != null && !seen.add(e.clientEventId())) {
                dup++;
                continue;
            }
            if (first < 0) {
                first = log.size();
            }
            log.add(e);
            accepted++;
        }
        return new IngestResult(accepted, dup, first);
    }

    /** The shop's stored events (test inspection). */
    public synchronized List<Event> events(ShopId shop) {
        return List.copyOf(events.getOrDefault(shop, List.of()));
    }

    /** Replays like an event log, for the export route. */
    public synchronized void replay(ShopId shop, long from, EventLog.EventConsumer consumer) {
        List<Event> log = events.getOrDefault(shop, List.of());
        for (int i = (int) from; i < log.size(); i++) {
            consumer.accept(new LoggedEvent(i, log.get(i)));
        }
    }

    @Override
    public synchronized void upsertItems(ShopId shop, List<Item> batch) {
        requireShop(shop);
        List<Violation> v = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).price() != null && batch.get(i).price() < 0) {
                v.add(new Violation(i, "price", "price must not be negative"));
            }
        }
        if (!v.isEmpty()) {
            throw new ValidationException("invalid items", v);
        }
        TreeMap<String, Item> m = items.computeIfAbsent(shop, s -> new TreeMap<>());
        for (Item i : batch) {
            m.put(i.id(), i.withUpdatedAt(clock.instant()));
        }
    }

    @Override
    public synchronized Optional<Item> item(ShopId shop, String itemId) {
        return Optional.ofNullable(items.getOrDefault(shop, new TreeMap<>()).get(itemId));
    }

    @Override
    public synchronized Page<Item> items(ShopId shop, String cursor, int limit) {
        TreeMap<String, Item> m = items.getOrDefault(shop, new TreeMap<>());
        List<Item> page = (cursor == null ? m : m.tailMap(cursor, false)).values().stream().limit(limit).toList();
        String next = page.size() == limit && m.lastKey().compareTo(page.get(page.size() - 1).id()) > 0
                ? page.get(page.size() - 1).id()
                : null;
        return new Page<>(page, next);
    }

    @Override
    public synchronized boolean deleteItem(ShopId shop, String itemId) {
        return items.getOrDefault(shop, new TreeMap<>()).remove(itemId) != null;
    }

    @Override
    public synchronized void upsertUser(ShopId shop, User user) {
        requireShop(shop);
        Instant now = clock.instant();
        User old = users.computeIfAbsent(shop, s -> new HashMap<>()).get(user.id());
        users.get(shop).put(user.id(), new User(user.id(), user.traits(), old == null ? now : old.createdAt(), now));
    }

    @Override
    public synchronized Optional<User> user(ShopId shop, String userId) {
        return Optional.ofNullable(users.getOrDefault(shop, Map.of()).get(userId));
    }

    @Override
    public synchronized void alias(ShopId shop, String anonymousId, String userId) {
        requireShop(shop);
        aliases.computeIfAbsent(shop, s -> new HashMap<>()).put(anonymousId, userId);
    }

    @Override
    public synchronized ErasureResult eraseUser(ShopId shop, String userId) {
        boolean row = users.getOrDefault(shop, new HashMap<>()).remove(userId) != null;
        List<Event> log = events.getOrDefault(shop, new ArrayList<>());
        int before = log.size();
        log.removeIf(e -> userId.equals(e.userId()));
        Map<String, String> a = aliases.getOrDefault(shop, new HashMap<>());
        int n = a.size();
        a.values().removeIf(userId::equals);
        return new ErasureResult(row, before - log.size(), n - a.size());
    }

    @Override
    public synchronized List<org.shoptide.core.event.LoggedEvent> userEvents(ShopId shop, String userId, int limit) {
        requireShop(shop);
        List<Event> log = events.getOrDefault(shop, List.of());
        Map<String, String> a = aliases.getOrDefault(shop, Map.of());
        List<org.shoptide.core.event.LoggedEvent> out = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0 && out.size() < limit; i--) {
            Event e = log.get(i);
            if (userId.equals(e.userId()) || e.anonymousId() != null
                    && (userId.equals(e.anonymousId()) || userId.equals(a.get(e.anonymousId())))) {
                out.add(new org.shoptide.core.event.LoggedEvent(i, e));
            }
        }
        return out;
    }

    @Override
    public Recommendation preview(RecommendationRequest r) {
        return recommend(r); // the fake logs no exposures
    }

    @Override
    public synchronized Recommendation recommend(RecommendationRequest r) {
        requireShop(r.shop());
        Map<String, Integer> counts = new HashMap<>();
        for (Event e : events.getOrDefault(r.shop(), List.of())) {
            if (e.itemId() != null) {
                counts.merge(e.itemId(), 1, Integer::sum);
            }
            e.lineItems().forEach(l -> counts.merge(l.itemId(), 1, Integer::sum));
        }
        List<RecommendedItem> out = counts.entrySet().stream()
                .filter(e -> !r.itemIds().contains(e.getKey()) && !e.getKey().equals(r.itemId()))
                .sorted(Map.Entry.<String, Integer> comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(r.n()).map(e -> new RecommendedItem(e.getKey(), e.getValue(), "popular", "popular",
                        item(r.shop(), e.getKey()).orElse(null)))
                .toList();
        ModelInfo m = models.get(r.shop());
        return new Recommendation(UUID.randomUUID().toString(), r.scenario(), m == null ? 0 : m.version(), out);
    }

    @Override
    public synchronized TrainingReport train(ShopId shop) {
        requireShop(shop);
        ModelInfo old = models.get(shop);
        ModelInfo m = new ModelInfo(shop, old == null ? 1 : old.version() + 1, clock.instant(), 10, Map.of());
        models.put(shop, m);
        return new TrainingReport(m, events.getOrDefault(shop, List.of()).size(), 0, 0, Duration.ofMillis(1), Map.of());
    }

    @Override
    public synchronized Optional<ModelInfo> currentModel(ShopId shop) {
        return Optional.ofNullable(models.get(shop));
    }

    @Override
    public void close() {
    }
}
