package org.shoptide.engine.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;

/**
 * The use cases of Shoptide, as the HTTP API, the CLI and tests call them. Every method is scoped to one shop;
 * implementations never let one shop's call read or write another shop's data.
 * <p>
 * Validation failures throw {@link ValidationException} and change nothing; a call for a shop that does not exist
 * throws {@link NotFoundException}.
 */
public interface Engine extends AutoCloseable {

    // ---- shops and keys ----

    /** Creates a shop; the returned plaintext keys are shown once and stored only as hashes. */
    ShopCredentials createShop(ShopId id, String name);

    List<Shop> listShops();

    Optional<Shop> shop(ShopId id);

    /** Issues a new key of that kind (the old one stops working at once); plaintext returned once. */
    String rotateKey(ShopId id, ApiKeyKind kind);

    /**
     * Changes a shop's settings (see {@link ShopUpdate}); null fields leave a setting as it is. All fields are
     * validated before anything changes. The daily training is rescheduled at once when its time changes.
     */
    Shop updateShop(ShopId id, ShopUpdate update);

    /** {@link #updateShop(ShopId, ShopUpdate)} for name, custom event weights and training time. */
    default Shop updateShop(ShopId id, String name, Map<String, Double> customEventWeights, String trainingTime) {
        return updateShop(id, new ShopUpdate(name, customEventWeights, trainingTime, null, null));
    }

    /** The shop and key kind a plaintext API key belongs to, if any. */
    Optional<ApiPrincipal> authenticate(String apiKey);

    // ---- events ----

    /**
     * Validates and durably appends a batch (1 to {@link #MAX_BATCH} events). All-or-nothing: one bad event rejects the
     * batch. Events whose client event id was seen before are skipped as retries. Returns after the events are on disk
     * and visible to realtime state.
     */
    IngestResult ingest(ShopId shop, List<Event> events);

    int MAX_BATCH = 1000;

    /**
     * Checks a batch with exactly the rules of {@link #ingest} and stores nothing: throws {@link ValidationException}
     * with every violation. Importers call it over a whole file before writing any of it, so a file is imported all or
     * nothing.
     */
    void validateEvents(ShopId shop, List<Event> events);

    // ---- catalog ----

    /** Checks items with exactly the rules of {@link #upsertItems}; stores nothing. */
    void validateItems(ShopId shop, List<Item> items);

    /** {@link #upsertItems(ShopId, List, String)} from the API: source {@value #SOURCE_API}. */
    default void upsertItems(ShopId shop, List<Item> items) {
        upsertItems(shop, items, SOURCE_API);
    }

    /**
     * Validates and upserts items in one transaction (all or none). With price tracking, each item's price is then
     * recorded in its price history under {@code source} (an id: {@value #SOURCE_API}, {@value #SOURCE_IMPORT}, or a
     * feed id); recording never fails the upsert (see {@link PriceTracking}).
     */
    void upsertItems(ShopId shop, List<Item> items, String source);

    /** The price source of catalog writes through the HTTP API. */
    String SOURCE_API = "api";
    /** The price source of the importer (CLI and demo). */
    String SOURCE_IMPORT = "import";

    Optional<Item> item(ShopId shop, String itemId);

    Page<Item> items(ShopId shop, String cursor, int limit);

    boolean deleteItem(ShopId shop, String itemId);

    // ---- users ----

    void upsertUser(ShopId shop, User user);

    Optional<User> user(ShopId shop, String userId);

    /** Merges an anonymous visitor into a known user; the anonymous history follows. */
    void alias(ShopId shop, String anonymousId, String userId);

    /**
     * Undoes {@link #alias}: the visitor is no longer {@code userId}; the user's realtime state is rebuilt from the log
     * without the visitor's events (one pass over the shop's log). False, changing nothing, when the visitor is not
     * merged into that user.
     */
    boolean unalias(ShopId shop, String anonymousId, String userId);

    /**
     * Tells the engine that the shop's customer-360 profiles or life-event mapping changed (a profile rebuild), so that
     * serving reads them again; a no-op for an engine without profiles.
     */
    void profilesChanged(ShopId shop);

    /** Erases the user's events (log rewrite), realtime state, rows and aliases. */
    ErasureResult eraseUser(ShopId shop, String userId);

    /**
     * The customer's timeline: their {@code limit} most recent stored events (1 to {@link #MAX_TIMELINE}), newest
     * first, those of their merged anonymous ids included, each with its log offset. Reads the shop's event log, so its
     * cost grows with the log; meant for operators, not for serving.
     */
    List<LoggedEvent> userEvents(ShopId shop, String userId, int limit);

    int MAX_TIMELINE = 1000;

    // ---- recommendations ----

    Recommendation recommend(RecommendationRequest request);

    /**
     * The answer {@link #recommend} would give, for an operator to inspect: nothing is logged as an exposure, so it
     * never counts as shown to the customer (nor in an experiment's results).
     */
    Recommendation preview(RecommendationRequest request);

    // ---- models ----

    /** Trains the shop's model from its event log and publishes it; serving swaps atomically. */
    TrainingReport train(ShopId shop);

    /** The model being served, if the shop has one. */
    Optional<ModelInfo> currentModel(ShopId shop);

    @Override
    void close();
}
