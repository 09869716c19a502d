package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.notFound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.assistant.AssistantService;
import org.shoptide.assistant.AssistantService.ConcurrentTurnException;
import org.shoptide.assistant.TurnResult;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.reply.ShownProduct;
import org.shoptide.core.port.ConversationStore.ConversationRecord;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.json.RequestBody;

/**
 * The shopping assistant's conversations and a shop's assistant synonyms.
 * <ul>
 * <li>{@code POST /v1/conversations} {@code {userId | anonymousId, language?, message?}}: starts a conversation (201),
 * answering {@code message} at once when given.
 * <li>{@code POST /v1/conversations/{id}/messages} {@code {message, anonymousId?}}: one turn: the reply in the
 * customer's language, the products (price in minor units with currency and formatted, stock, reason, over-budget mark)
 * under a {@code recommendationId}, the parsed intent, follow-up suggestions.
 * <li>{@code POST /v1/conversations/{id}/feedback} {@code {action: buy|consider|refuse, ordinal? | itemId?, reason?,
 * anonymousId?}}: a button on a shown product.
 * <li>{@code GET /v1/conversations/{id}}: the transcript; {@code GET /v1/users/{id}/conversations}: a customer's
 * conversations, newest first.
 * <li>{@code PUT|GET /v1/assistant/synonyms} (secret key) {@code {synonyms: {phrase: term}}}.
 * </ul>
 * Who may talk: a known customer only as {@link CustomerIdentity} allows (the secret key acts for the shop's backend);
 * an anonymous visitor with the publishable key, and then only in conversations of its own {@code anonymousId}. A
 * conversation of another customer answers 404, as one that does not exist.
 */
public final class AssistantHandler implements Resource {
    static final int MAX_MESSAGE_CHARS = 2000;
    static final int MAX_SYNONYMS = 10_000;
    static final int MAX_SYNONYM_CHARS = 200;
    static final int MAX_ID_CHARS = 256;

    private final RequestBody body;
    private volatile AssistantService service;

    public AssistantHandler(RequestBody body) {
        this.body = body;
    }

    /** Serves the assistant's routes with {@code assistant}; until then they answer 404 "not configured". */
    public void enable(AssistantService assistant) {
        this.service = assistant;
    }

    /** Erases a user's conversations (part of erasing the user); 0 when the assistant is not configured. */
    public int eraseUser(ShopId shop, String userId) {
        AssistantService s = service;
        return s == null ? 0 : s.eraseUser(shop, userId);
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/conversations", Access.PUBLISHABLE, this::start);
        r.add(HandlerType.POST, "/v1/conversations/{id}/messages", Access.PUBLISHABLE, this::message);
        r.add(HandlerType.POST, "/v1/conversations/{id}/feedback", Access.PUBLISHABLE, this::feedback);
        r.add(HandlerType.GET, "/v1/conversations/{id}", Access.PUBLISHABLE, this::transcript);
        r.add(HandlerType.GET, "/v1/users/{id}/conversations", Access.PUBLISHABLE, this::list);
        r.add(HandlerType.PUT, "/v1/assistant/synonyms", Access.SECRET, this::putSynonyms);
        r.add(HandlerType.GET, "/v1/assistant/synonyms", Access.SECRET,
                ctx -> ctx.json(Map.of("synonyms", assistant().synonyms(Caller.shop(ctx)))));
        r.preflight("/v1/conversations", "POST");
        r.preflight("/v1/conversations/{id}/messages", "POST");
        r.preflight("/v1/conversations/{id}/feedback", "POST");
        r.preflight("/v1/conversations/{id}", "GET");
    }

    private AssistantService assistant() {
        AssistantService s = service;
        if (s == null) {
            throw new ApiProblem(404, "not-found", "Not found",
                    "the shopping assistant is not configured on this server");
        }
        return s;
    }

    private void start(Context ctx) {
        AssistantService s = assistant();
        JsonNode b = body.tree(ctx);
        List<Violation> v = new ArrayList<>();
        String userId = text(b, "userId", MAX_ID_CHARS, v);
        String anonymousId = text(b, "anonymousId", MAX_ID_CHARS, v);
        String message = text(b, "message", MAX_MESSAGE_CHARS, v);
        String languageCode = text(b, "language", 2, v);
        Language language = Language.EN;
        if (languageCode != null) {
            try {
                language = Language.valueOf(languageCode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                v.add(new Violation(-1, "language", "language must be en, zh or ru"));
            }
        }
        if ((userId == null) == (anonymousId == null)) {
            v.add(new Violation(-1, "userId", "name the customer by exactly one of userId and anonymousId"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the conversation is invalid; nothing was stored", v);
        }
        ShopId shop = Caller.shop(ctx);
        Customer customer = userId != null ? Customer.user(CustomerIdentity.require(ctx, userId))
                : Customer.anonymous(anonymousId);
        ConversationRecord c = s.start(shop, customer, language);
        Map<String, Object> out = conversation(c);
        if (message != null) {
            out.put("turn", turn(turnOrConflict(() -> s.message(shop, c.id(), message))));
        }
        ctx.status(201).json(out);
    }

    private void message(Context ctx) {
        AssistantService s = assistant();
        JsonNode b = body.tree(ctx);
        List<Violation> v = new ArrayList<>();
        String message = text(b, "message", MAX_MESSAGE_CHARS, v);
        String anonymousId = text(b, "anonymousId", MAX_ID_CHARS, v);
        if (message == null && v.isEmpty()) {
            v.add(new Violation(-1, "message", "message is required"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the message is invalid; nothing was stored", v);
        }
        ConversationRecord c = owned(ctx, s, anonymousId);
        ctx.json(turn(turnOrConflict(() -> s.message(c.shop(), c.id(), message))));
    }

    private void feedback(Context ctx) {
        AssistantService s = assistant();
        JsonNode b = body.tree(ctx);
        List<Violation> v = new ArrayList<>();
        Intent.Feedback action = choice(b, "action", Intent.Feedback.class, v);
        Intent.RefusalReason reason = choice(b, "reason", Intent.RefusalReason.class, v);
        String itemId = text(b, "itemId", MAX_ID_CHARS, v);
        String anonymousId = text(b, "anonymousId", MAX_ID_CHARS, v);
        Integer ordinal = null;
        JsonNode o = b.get("ordinal");
        if (o != null && !o.isNull()) {
            if (!o.isIntegralNumber() || !o.canConvertToInt() || o.asInt() == 0 || o.asInt() < -1 || o.asInt() > 20) {
                v.add(new Violation(-1, "ordinal",
                        "ordinal is a position 1..20 in the latest answer, or -1 for the last"));
            } else {
                ordinal = o.asInt();
            }
        }
        if (action == null && v.stream().noneMatch(x -> x.field().equals("action"))) {
            v.add(new Violation(-1, "action", "action is required: buy, consider or refuse"));
        }
        if (ordinal != null && itemId != null) {
            v.add(new Violation(-1, "itemId", "give either ordinal or itemId, not both"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the feedback is invalid; nothing was stored", v);
        }
        ConversationRecord c = owned(ctx, s, anonymousId);
        Integer position = ordinal;
        TurnResult r;
        try {
            r = turnOrConflict(() -> s.act(c.shop(), c.id(), action, position, itemId, reason));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("itemId", e.getMessage());
        }
        ctx.json(turn(r));
    }

    private void transcript(Context ctx) {
        AssistantService s = assistant();
        ConversationRecord c = owned(ctx, s, blank(ctx.queryParam("anonymousId")));
        Map<String, Object> out = conversation(c);
        List<Map<String, Object>> turns = new ArrayList<>();
        for (TurnRecord t : s.transcript(c.shop(), c.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("turn", t.number());
            m.put("at", t.at().toString());
            m.put("message", t.message());
            m.put("intent", t.intent() == null ? null : parse(t.intent()));
            m.put("reply", t.reply());
            m.put("productIds", t.productIds());
            m.put("recommendationId", t.recommendationId());
            m.put("outcome", t.outcome());
            turns.add(m);
        }
        out.put("turns", turns);
        ctx.json(out);
    }

    private void list(Context ctx) {
        AssistantService s = assistant();
        String userId = CustomerIdentity.require(ctx, ctx.pathParam("id"));
        ctx.json(Map.of("conversations", s.conversations(Caller.shop(ctx), Customer.user(userId)).stream()
                .map(AssistantHandler::conversation).toList()));
    }

    private void putSynonyms(Context ctx) {
        AssistantService s = assistant();
        JsonNode b = body.tree(ctx);
        JsonNode synonyms = b.get("synonyms");
        List<Violation> v = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        if (synonyms == null || !synonyms.isObject()) {
            v.add(new Violation(-1, "synonyms", "synonyms must be an object of phrase → catalog term"));
        } else if (synonyms.size() > MAX_SYNONYMS) {
            v.add(new Violation(-1, "synonyms", "at most " + MAX_SYNONYMS + " synonyms"));
        } else {
            synonyms.properties().forEach(e -> {
                String phrase = e.getKey().strip().toLowerCase(Locale.ROOT);
                JsonNode term = e.getValue();
                if (phrase.isEmpty() || phrase.length() > MAX_SYNONYM_CHARS || !term.isTextual()
                        || term.asText().isBlank() || term.asText().length() > MAX_SYNONYM_CHARS) {
                    v.add(new Violation(-1, "synonyms." + e.getKey(),
                            "a phrase and its term are non-blank strings of at" + " most " + MAX_SYNONYM_CHARS
                                    + " characters"));
                } else {
                    out.put(phrase, term.asText().strip());
                }
            });
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the synonyms are invalid; nothing was stored", v);
        }
        s.replaceSynonyms(Caller.shop(ctx), out);
        ctx.json(Map.of("synonyms", s.synonyms(Caller.shop(ctx))));
    }

    /**
     * The conversation of the path, if the caller may read it: the secret key any of the shop; a publishable key one of
     * a known customer as {@link CustomerIdentity} allows, or an anonymous one whose {@code anonymousId} it names.
     */
    private static ConversationRecord owned(Context ctx, AssistantService s, String anonymousId) {
        String id = ctx.pathParam("id");
        ConversationRecord c = s.conversation(Caller.shop(ctx), id).orElseThrow(() -> notFound("conversation", id));
        if (Caller.of(ctx).kind() == ApiKeyKind.SECRET) {
            return c;
        }
        if (c.userId() != null) {
            CustomerIdentity.require(ctx, c.userId());
            return c;
        }
        if (!c.anonymousId().equals(anonymousId)) {
            throw notFound("conversation", id);
        }
        return c;
    }

    private interface Turn {
        TurnResult run();
    }

    private static TurnResult turnOrConflict(Turn turn) {
        try {
            return turn.run();
        } catch (ConcurrentTurnException e) {
            throw new ApiProblem(409, "conflict", "Conflict", e.getMessage());
        }
    }

    private static Map<String, Object> conversation(ConversationRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversationId", c.id());
        m.put("userId", c.userId());
        m.put("anonymousId", c.anonymousId());
        m.put("language", c.language());
        m.put("createdAt", c.createdAt().toString());
        return m;
    }

    static Map<String, Object> turn(TurnResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversationId", r.conversationId());
        m.put("turn", r.turn());
        m.put("language", r.language().code());
        m.put("reply", r.reply());
        List<Map<String, Object>> products = new ArrayList<>();
        for (ShownProduct p : r.products()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.itemId());
            pm.put("title", p.title());
            pm.put("brand", p.brand());
            if (p.priceMinor() >= 0) {
                pm.put("price",
                        Map.of("minor", p.priceMinor(), "currency", p.currency(), "formatted", p.formattedPrice()));
            }
            pm.put("inStock", p.inStock());
            pm.put("reason", p.reason());
            pm.put("overBudget", p.overBudget());
            products.add(pm);
        }
        m.put("products", products);
        m.put("recommendationId", r.recommendationId());
        m.put("intent", r.intent() == null ? null : intent(r.intent()));
        m.put("suggestions", r.suggestions());
        m.put("outcome", r.outcome());
        if (r.orderId() != null) {
            m.put("orderId", r.orderId());
            m.put("payUrl", r.payUrl());
        }
        return m;
    }

    static Map<String, Object> intent(Intent i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("language", i.language().code());
        m.put("productType", i.productType());
        m.put("category", i.category());
        m.put("minPriceMinor", i.minPriceMinor());
        m.put("maxPriceMinor", i.maxPriceMinor());
        m.put("currency", i.currency());
        m.put("approximate", i.approximate());
        m.put("brands", i.brands());
        m.put("excludedBrands", i.excludedBrands());
        m.put("features", i.features());
        m.put("sort", i.sort().name().toLowerCase(Locale.ROOT));
        m.put("recipient", i.recipient());
        m.put("occasion", i.occasion());
        m.put("text", i.text());
        return m;
    }

    private static Object parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(JsonNode b, String field, int max, List<Violation> v) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            v.add(new Violation(-1, field, field + " must be a string"));
            return null;
        }
        String s = n.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > max) {
            v.add(new Violation(-1, field, field + " must be at most " + max + " characters"));
            return null;
        }
        return s;
    }

    private static <E extends Enum<E>> E choice(JsonNode b, String field, Class<E> type, List<Violation> v) {
        String s = text(b, field, 40, v);
        if (s == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            v.add(new Violation(-1, field, field + " must be one of " + String.join(", ", names)));
            return null;
        }
    }
}
