package org.shoptide.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.BuiltInCustomTypes;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

/**
 * Input validation of the engine's use cases: the rules live here once, for HTTP, the importer and the engine. Every
 * check collects all violations instead of stopping at the first.
 * <p>
 * <b>Ids</b> (event, user, anonymous, session, item, order, recommendation ids and whatever else the engine calls an
 * id) are 1 to {@value #MAX_ID} UTF-16 chars, not blank, with no control character (C0 {@code U+0000..U+001F}, DEL
 * {@code U+007F}, C1 {@code U+0080..U+009F}) and no unpaired surrogate: such a string has no faithful UTF-8 form, so
 * two different ids could be stored as the same text.
 * <p>
 * <b>One pass over a batch</b>: a caller that binds a batch from the wire (HTTP, the importer) collects its structural
 * violations, then calls {@link #inOnePass} with the elements it could bind and the engine's check; the answer is every
 * violation of the batch, structural and rule, indexed by batch position and named as the client wrote the field.
 */
public final class Validation {
    /** Longest id, in UTF-16 chars. */
    public static final int MAX_ID = 256;
    static final int MAX_TITLE = 1000;
    static final int MAX_ITEM_BATCH = 10_000;
    static final int MAX_TRAITS = 100;
    static final int MAX_TRAIT_VALUE = 1000;
    static final int MAX_QUERY = 1000;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final EngineConfig config;

    public Validation(EngineConfig config) {
        this.config = config;
    }

    /**
     * Validates a batch of events for {@code shop} against {@code now}; throws with every violation found. Timestamps
     * must be set (the server layer fills in its clock when the client sent none).
     */
    void events(Shop shop, List<Event> events, Instant now) {
        if (events == null || events.isEmpty() || events.size() > Engine.MAX_BATCH) {
            throw new ValidationException("a batch holds 1 to " + Engine.MAX_BATCH + " events",
                    checkEvents(shop, events, now));
        }
        List<Violation> v = checkEvents(shop, events, now);
        if (!v.isEmpty()) {
            throw new ValidationException(v.size() + " invalid field(s) in the batch; nothing was stored", v);
        }
    }

    /**
     * Every violation of a batch of events for {@code shop} at {@code now} (engine field names, e.g.
     * {@code clientEventId}, {@code value}; see {@link #eventWireField}); empty when the batch is valid.
     */
    public List<Violation> checkEvents(Shop shop, List<Event> events, Instant now) {
        List<Violation> v = new ArrayList<>();
        if (events == null || events.isEmpty() || events.size() > Engine.MAX_BATCH) {
            v.add(new Violation(-1, "events",
                    "a batch holds 1 to " + Engine.MAX_BATCH + " events, got " + (events == null ? 0 : events.size())));
            return v;
        }
        Instant latest = now.plus(config.maxFutureSkew());
        Instant oldest = now.minus(config.maxEventAge());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e == null) {
                v.add(new Violation(i, "", "event must not be null"));
                continue;
            }
            id(v, i, "clientEventId", e.clientEventId(), false);
            id(v, i, "sessionId", e.sessionId(), false);
            if (blank(e.userId()) && blank(e.anonymousId())) {
                v.add(new Violation(i, "userId", "userId or anonymousId is required"));
            }
            id(v, i, "userId", e.userId(), false);
            id(v, i, "anonymousId", e.anonymousId(), false);
            if (e.timestamp().isAfter(latest)) {
                v.add(new Violation(i, "timestamp",
                        "timestamp is more than " + config.maxFutureSkew() + " in the future"));
            } else if (e.timestamp().isBefore(oldest)) {
                v.add(new Violation(i, "timestamp", "timestamp is older than " + config.maxEventAge()));
            }
            if (e.type().needsItem()) {
                id(v, i, "itemId", e.itemId(), true);
            } else if (e.itemId() != null) {
                id(v, i, "itemId", e.itemId(), false);
            }
            switch (e.type()) {
                case PURCHASE, REFUND -> lines(v, i, e);
                case IMPRESSION -> impression(v, i, e);
                case SEARCH -> {
                    if (blank(e.query())) {
                        v.add(new Violation(i, "query", "search needs a non-empty query"));
                    } else if (e.query().length() > MAX_QUERY) {
                        v.add(new Violation(i, "query", "query is longer than " + MAX_QUERY + " characters"));
                    }
                }
                case RATE -> {
                    if (e.value() == null || !Double.isFinite(e.value()) || e.value() < config.rateMin()
                            || e.value() > config.rateMax()) {
                        v.add(new Violation(i, "value",
                                "rate needs a value from " + config.rateMin() + " to " + config.rateMax()));
                    }
                }
                case CUSTOM -> {
                    if (blank(e.customType())) {
                        v.add(new Violation(i, "type", "custom event needs a type name"));
                    } else if (!shop.customEventWeights().containsKey(e.customType())
                            && BuiltInCustomTypes.defaultWeight(e.customType()).isEmpty()) {
                        v.add(new Violation(i, "type", "unknown event type '" + e.customType()
                                + "': configure a weight for it in the shop's customEventWeights"));
                    }
                }
                default -> {
                }
            }
        }
        return v;
    }

    private static void lines(List<Violation> v, int i, Event e) {
        String kind = e.type().wireName();
        id(v, i, "orderId", e.orderId(), true);
        if (e.lineItems().isEmpty()) {
            v.add(new Violation(i, "lineItems", kind + " needs at least one line item"));
        }
        for (int j = 0; j < e.lineItems().size(); j++) {
            LineItem li = e.lineItems().get(j);
            String p = "lineItems[" + j + "].";
            id(v, i, p + "itemId", li.itemId(), true);
            if (!Double.isFinite(li.price()) || li.price() < 0) {
                v.add(new Violation(i, p + "price", "price must be a finite number >= 0"));
            }
            if (li.quantity() < 1) {
                v.add(new Violation(i, p + "quantity", "quantity must be >= 1"));
            }
            if (li.currency() == null || !CURRENCY.matcher(li.currency()).matches()) {
                v.add(new Violation(i, p + "currency", "currency must be a 3-letter ISO 4217 code like EUR"));
            }
        }
    }

    private static void impression(List<Violation> v, int i, Event e) {
        if (e.shown().isEmpty()) {
            v.add(new Violation(i, "shown", "impression needs at least one shown item"));
        }
        for (int j = 0; j < e.shown().size(); j++) {
            ShownItem s = e.shown().get(j);
            id(v, i, "shown[" + j + "].itemId", s.itemId(), true);
            if (s.position() < 0) {
                v.add(new Violation(i, "shown[" + j + "].position", "position must be >= 0"));
            }
        }
        if (blank(e.context().recommendationId())) {
            v.add(new Violation(i, "context.recommendationId", "impression needs the recommendationId it shows"));
        } else {
            id(v, i, "context.recommendationId", e.context().recommendationId(), true);
        }
    }

    void items(List<Item> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_ITEM_BATCH) {
            throw ValidationException.of("items", "a batch holds 1 to " + MAX_ITEM_BATCH + " items");
        }
        List<Violation> v = checkItems(items);
        if (!v.isEmpty()) {
            throw new ValidationException(v.size() + " invalid field(s) in the items; nothing was stored", v);
        }
    }

    /** Every violation of a batch of items (1 to {@value #MAX_ITEM_BATCH}); empty when the batch is valid. */
    public List<Violation> checkItems(List<Item> items) {
        List<Violation> v = new ArrayList<>();
        if (items == null || items.isEmpty() || items.size() > MAX_ITEM_BATCH) {
            v.add(new Violation(-1, "items",
                    "a batch holds 1 to " + MAX_ITEM_BATCH + " items, got " + (items == null ? 0 : items.size())));
            return v;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it == null) {
                v.add(new Violation(i, "", "item must not be null"));
                continue;
            }
            id(v, i, "id", it.id(), true);
            if (!seen.add(it.id())) {
                v.add(new Violation(i, "id", "duplicate item id '" + it.id() + "' in the batch"));
            }
            if (it.title() != null && it.title().length() > MAX_TITLE) {
                v.add(new Violation(i, "title", "title is longer than " + MAX_TITLE + " characters"));
            }
            if (it.price() != null && (!Double.isFinite(it.price()) || it.price() < 0)) {
                v.add(new Violation(i, "price", "price must be a finite number >= 0"));
            }
            if (it.currency() != null && !CURRENCY.matcher(it.currency()).matches()) {
                v.add(new Violation(i, "currency", "currency must be a 3-letter ISO 4217 code like EUR"));
            }
            if (it.brand() != null && it.brand().length() > MAX_ID) {
                v.add(new Violation(i, "brand", "brand is longer than " + MAX_ID + " characters"));
            }
            for (int j = 0; j < it.categoryPath().size(); j++) {
                String c = it.categoryPath().get(j);
                if (blank(c) || c.length() > MAX_ID) {
                    v.add(new Violation(i, "categoryPath[" + j + "]",
                            "category must be 1 to " + MAX_ID + " characters"));
                }
            }
        }
        return v;
    }

    void user(User user) {
        List<Violation> v = new ArrayList<>();
        id(v, -1, "id", user.id(), true);
        Map<String, String> t = user.traits();
        if (t.size() > MAX_TRAITS) {
            v.add(new Violation(-1, "traits", "at most " + MAX_TRAITS + " traits"));
        }
        t.forEach((k, val) -> {
            if (blank(k) || k.length() > MAX_ID) {
                v.add(new Violation(-1, "traits", "trait names must be 1 to " + MAX_ID + " characters"));
            }
            if (val != null && val.length() > MAX_TRAIT_VALUE) {
                v.add(new Violation(-1, "traits." + k, "trait values are at most " + MAX_TRAIT_VALUE + " characters"));
            }
        });
        if (!v.isEmpty()) {
            throw new ValidationException("invalid user", v);
        }
    }

    /** Throws unless {@code value} is an id by the rules above (non-blank, at most {@link #MAX_ID} chars, ...). */
    public static void requireId(String field, String value) {
        List<Violation> v = new ArrayList<>();
        id(v, -1, field, value, true);
        if (!v.isEmpty()) {
            throw new ValidationException(v.get(0).message(), v);
        }
    }

    private static void id(List<Violation> v, int i, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                v.add(new Violation(i, field, field + " is required"));
            }
        } else if (value.isBlank()) {
            v.add(new Violation(i, field, field + " must not be blank"));
        } else if (value.length() > MAX_ID) {
            v.add(new Violation(i, field, field + " is longer than " + MAX_ID + " characters"));
        } else {
            idCharacterProblem(value).ifPresent(p -> v.add(new Violation(i, field, field + " " + p)));
        }
    }

    /**
     * What is wrong with the characters of an id, e.g. {@code "has an unpaired UTF-16 surrogate U+D800 at index 3"};
     * empty when every char may appear in an id (length and blankness are checked by {@link #requireId}).
     */
    public static Optional<String> idCharacterProblem(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (Character.isHighSurrogate(c)) {
                if (k + 1 < value.length() && Character.isLowSurrogate(value.charAt(k + 1))) {
                    k++;
                    continue;
                }
                return Optional.of("has an unpaired UTF-16 surrogate " + codePoint(c) + " at index " + k);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("has an unpaired UTF-16 surrogate " + codePoint(c) + " at index " + k);
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of("has the control character " + codePoint(c) + " at index " + k);
            }
        }
        return Optional.empty();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * Validation of a batch in one pass. {@code bound.get(i)} is element {@code i} of the batch as the caller bound it
     * from the wire, or null where binding failed; {@code structural} holds the binding violations (index = batch
     * position, wire field names). {@code rules} runs the engine's check (e.g.
     * {@code sub -> engine.validateEvents(shop, sub)}) over the bound elements, in order; its violations are mapped
     * back to batch positions and renamed by {@code wireField(index, engineField)} (e.g. {@link #eventWireField}).
     * Returns every violation of the batch, structural and rule, ordered by index (a rule violation of a field that
     * binding already reported is left out); empty when the batch is valid.
     */
    public static <T> List<Violation> inOnePass(List<T> bound, List<Violation> structural, Consumer<List<T>> rules,
            BiFunction<Integer, String, String> wireField) {
        List<T> present = new ArrayList<>(bound.size());
        List<Integer> positions = new ArrayList<>(bound.size());
        for (int i = 0; i < bound.size(); i++) {
            if (bound.get(i) != null) {
                present.add(bound.get(i));
                positions.add(i);
            }
        }
        List<Violation> all = new ArrayList<>(structural);
        if (!present.isEmpty()) {
            try {
                rules.accept(present);
            } catch (ValidationException e) {
                Set<String> seen = new HashSet<>();
                structural.forEach(s -> seen.add(s.index() + "/" + s.field()));
                for (Violation r : e.violations()) {
                    int index = r.index() < 0 || r.index() >= positions.size() ? r.index() : positions.get(r.index());
                    String field = index < 0 ? r.field() : wireField.apply(index, r.field());
                    if (seen.add(index + "/" + field)) {
                        all.add(new Violation(index, field, r.message()));
                    }
                }
            }
        }
        all.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return all;
    }

    /**
     * The wire name of an engine event field: {@code clientEventId} is {@code eventId}, and the rating of a rate event
     * ({@code value}) is {@code rating} when the client wrote {@code rating} ({@code written}: the element's top-level
     * field names); other fields keep their name.
     */
    public static String eventWireField(String engineField, Set<String> written) {
        return switch (engineField) {
            case "clientEventId" -> "eventId";
            case "value" -> written.contains("rating") && !written.contains("value") ? "rating" : "value";
            default -> engineField;
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
