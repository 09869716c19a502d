package org.shoptide.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.catalog.CatalogIndex.CatalogFacts;
import org.shoptide.assistant.catalog.CatalogIndexes;
import org.shoptide.assistant.catalog.IndexedItem;
import org.shoptide.assistant.dialog.ConversationState;
import org.shoptide.assistant.dialog.ConversationState.Shown;
import org.shoptide.assistant.dialog.Dialog;
import org.shoptide.assistant.dialog.Dialog.Act;
import org.shoptide.assistant.dialog.Dialog.AskWhich;
import org.shoptide.assistant.dialog.Dialog.Clarify;
import org.shoptide.assistant.dialog.Dialog.NothingShown;
import org.shoptide.assistant.dialog.Dialog.Search;
import org.shoptide.assistant.dialog.Dialog.Step;
import org.shoptide.assistant.llm.LanguageModel;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Intent.Feedback;
import org.shoptide.assistant.nlu.Intent.RefusalReason;
import org.shoptide.assistant.nlu.IntentParser;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.nlu.ShopVocabulary;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.FeedbackSink;
import org.shoptide.assistant.port.OrderPort;
import org.shoptide.assistant.port.OrderPort.PlacedOrder;
import org.shoptide.assistant.port.PersonalRanker;
import org.shoptide.assistant.reply.GroundingCheck;
import org.shoptide.assistant.reply.ReplyWriter;
import org.shoptide.assistant.reply.ShownProduct;
import org.shoptide.assistant.retrieval.QueryPlanner;
import org.shoptide.assistant.retrieval.Retriever;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.ConversationStore.ConversationRecord;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.core.shop.ShopId;

/**
 * The shopping assistant's use cases: start a conversation, answer a message, act on a button, read a transcript,
 * manage a shop's synonyms. One turn: parse the message (the language model first where one is configured, the built-in
 * parser otherwise), let the {@link Dialog} decide, search and rank or act on the verdict, write the grounded reply,
 * and store the turn with the conversation's new state. Turns of one conversation are serialised; the store's turn
 * numbers guard against a second server writing the same conversation. Thread-safe.
 */
public final class AssistantService {
    /** Conversations listed per customer at most. */
    public static final int MAX_LISTED = 100;
    private static final int LOCK_STRIPES = 256;
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).findAndRegisterModules();

    private final CatalogIndexes indexes;
    private final IntentParser parser;
    private final FeedbackSink feedback;
    private final OrderPort orders;
    private final ConversationStore store;
    private final LanguageModel model;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Dialog dialog = new Dialog();
    private final ReplyWriter writer = new ReplyWriter();
    private final Answers answers;
    private final Map<ShopId, Map<String, String>> synonyms = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    /**
     * @param orders
     *            the order flow, or null to record a buy as an add-to-cart event
     * @param model
     *            the optional language model, or null
     * @param ids
     *            new conversation ids (random, unguessable)
     */
    public AssistantService(CatalogIndexes indexes, IntentParser parser, Lexicon lexicon, Retriever retriever,
            PersonalRanker ranker, FeedbackSink feedback, OrderPort orders, ConversationStore store,
            LanguageModel model, AssistantOptions options, Clock clock, Supplier<String> ids) {
        this.indexes = Objects.requireNonNull(indexes, "indexes");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        this.orders = orders;
        this.store = Objects.requireNonNull(store, "store");
        this.model = model;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.answers = new Answers(retriever, new QueryPlanner(lexicon), ranker, writer, new GroundingCheck(), model,
                options);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Starts a conversation for a customer, in the language of its first message until told otherwise. */
    public ConversationRecord start(ShopId shop, Customer customer, Language language) {
        ConversationRecord c = new ConversationRecord(shop, ids.get(), customer.userId(), customer.anonymousId(),
                language.code(), clock.instant(), write(ConversationState.start(language)));
        store.create(c);
        return c;
    }

    /** The conversation, if the shop has it. */
    public Optional<ConversationRecord> conversation(ShopId shop, String conversationId) {
        return store.get(shop, conversationId);
    }

    /** The conversation's turns, in order. */
    public List<TurnRecord> transcript(ShopId shop, String conversationId) {
        return store.turns(shop, conversationId);
    }

    /** A customer's conversations, newest first. */
    public List<ConversationRecord> conversations(ShopId shop, Customer customer) {
        return customer.userId() != null ? store.byUser(shop, customer.userId(), MAX_LISTED)
                : store.byAnonymous(shop, customer.anonymousId(), MAX_LISTED);
    }

    /** Erases every conversation of a user (part of erasing the user); returns how many were deleted. */
    public int eraseUser(ShopId shop, String userId) {
        return store.deleteUser(shop, userId);
    }

    /** Replaces the shop's synonyms (phrase → catalog term), which the parser sees from the next message on. */
    public void replaceSynonyms(ShopId shop, Map<String, String> newSynonyms) {
        store.replaceSynonyms(shop, newSynonyms);
        synonyms.put(shop, Map.copyOf(newSynonyms));
    }

    public Map<String, String> synonyms(ShopId shop) {
        return synonyms.computeIfAbsent(shop, store::synonyms);
    }

    /**
     * Answers a customer's message.
     *
     * @throws IllegalArgumentException
     *             when the shop has no such conversation
     */
    public TurnResult message(ShopId shop, String conversationId, String message) {
        return locked(conversationId, () -> {
            ConversationRecord c = existing(shop, conversationId);
            ConversationState state = read(c.state());
            CatalogIndex index = indexes.get(shop);
            ShopVocabulary vocabulary = vocabulary(shop, index.facts());
            Intent intent = (model == null ? Optional.<Intent> empty() : model.intent(message, vocabulary))
                    .orElseGet(() -> parser.parse(message, vocabulary));
            Step step = dialog.next(state, intent);
            return run(c, state, index, step, intent.language(), message, intent);
        });
    }

    /**
     * Acts on a button: buy, consider or refuse a shown product.
     *
     * @param ordinal
     *            the product's 1-based position in the latest answer, -1 for the last, null for all (or, buying, the
     *            only one)
     * @param itemId
     *            the product, instead of an ordinal; must be in the latest answer
     *
     * @throws IllegalArgumentException
     *             when the conversation does not exist or the item is not in the latest answer
     */
    public TurnResult act(ShopId shop, String conversationId, Feedback verdict, Integer ordinal, String itemId,
            RefusalReason reason) {
        Objects.requireNonNull(verdict, "verdict");
        return locked(conversationId, () -> {
            ConversationRecord c = existing(shop, conversationId);
            ConversationState state = read(c.state());
            Integer position = ordinal;
            if (itemId != null) {
                int i = indexOf(state.shown(), itemId);
                if (i < 0) {
                    throw new IllegalArgumentException("item " + itemId + " is not in the latest answer");
                }
                position = i + 1;
            }
            Step step = dialog.verdict(state, verdict, position, reason);
            String message = "action:" + verdict.name().toLowerCase(Locale.ROOT)
                    + (position == null ? "" : ":" + position);
            return run(c, state, indexes.get(shop), step, state.language(), message, null);
        });
    }

    private static int indexOf(List<Shown> shown, String itemId) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).itemId().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    private ConversationRecord existing(ShopId shop, String conversationId) {
        return store.get(shop, conversationId)
                .orElseThrow(() -> new IllegalArgumentException("no conversation " + conversationId));
    }

    private ShopVocabulary vocabulary(ShopId shop, CatalogFacts facts) {
        return new ShopVocabulary(facts.currency(), facts.categoryPaths(), facts.localisedCategories(), facts.brands(),
                facts.attributeValues(), synonyms(shop));
    }

    private TurnResult run(ConversationRecord c, ConversationState state, CatalogIndex index, Step step,
            Language language, String message, Intent parsed) {
        ShopId shop = c.shop();
        Customer customer = new Customer(c.userId(), c.anonymousId());
        int turn = state.turns() + 1;
        String key = c.id() + ":" + turn;
        TurnResult result;
        ConversationState next;
        switch (step) {
            case Search s -> {
                Answers.Answer a = answers.search(shop, customer, index, s, language);
                next = state.answered(language, s.intent(), a.shown(), s.more(), a.recommendationId());
                result = result(c, turn, language, a, s.intent(), null, null);
            }
            case Clarify q -> {
                String reply = writer.clarify(language, index.facts().popularCategories().get(language));
                next = state.nextTurn(language);
                result = new TurnResult(c.id(), turn, language, reply, List.of(), null, q.intent(), List.of(),
                        "clarify", null, null);
            }
            case AskWhich w -> {
                next = state.nextTurn(language);
                result = new TurnResult(c.id(), turn, language, writer.askWhich(language), List.of(), null,
                        state.intent(), List.of(), "ask_which", null, null);
            }
            case NothingShown n -> {
                next = state.nextTurn(language);
                result = new TurnResult(c.id(), turn, language, writer.nothingShown(language), List.of(), null,
                        state.intent(), List.of(), "nothing_shown", null, null);
            }
            case Act a -> {
                Acted acted = act(c, customer, state, index, a, language, key);
                next = acted.state();
                result = acted.result();
            }
        }
        String intentJson = parsed == null ? null : write(parsed);
        TurnRecord record = new TurnRecord(turn, clock.instant(), message, intentJson, result.reply(),
                result.products().stream().map(ShownProduct::itemId).toList(), result.recommendationId(),
                result.outcome());
        if (!store.appendTurn(shop, c.id(), record, write(next))) {
            throw new ConcurrentTurnException(c.id());
        }
        return result;
    }

    private static TurnResult result(ConversationRecord c, int turn, Language language, Answers.Answer a, Intent intent,
            String orderId, String payUrl) {
        return new TurnResult(c.id(), turn, language, a.reply(), a.products(), a.recommendationId(), intent,
                a.suggestions(), a.outcome(), orderId, payUrl);
    }

    private record Acted(ConversationState state, TurnResult result) {
    }

    private Acted act(ConversationRecord c, Customer customer, ConversationState state, CatalogIndex index, Act a,
            Language language, String key) {
        Intent running = state.intent() != null ? state.intent()
                : new Intent(language, null, null, null, null, null, false, null, null, null, null, null, null, null,
                        null, null, null, null);
        List<ShownProduct> targets = new ArrayList<>();
        for (Shown s : a.targets()) {
            IndexedItem item = index.item(s.itemId());
            if (item != null) {
                targets.add(writer.product(language, running, item, null));
            }
        }
        Verdict v = new Verdict(c, customer, state, language, key, running, targets);
        return switch (a.feedback()) {
            case BUY -> buy(v);
            case CONSIDER -> consider(v);
            case REFUSE -> refuse(v, index, a);
        };
    }

    /** What acting on a verdict needs to know. */
    private record Verdict(ConversationRecord c, Customer customer, ConversationState state, Language language,
            String key, Intent running, List<ShownProduct> targets) {
        TurnResult result(String reply, List<ShownProduct> products, String rec, Intent intent,
                List<String> suggestions, String outcome, String orderId, String payUrl) {
            return new TurnResult(c.id(), state.turns() + 1, language, reply, products, rec, intent, suggestions,
                    outcome, orderId, payUrl);
        }
    }

    private Acted buy(Verdict v) {
        ConversationState next = v.state().nextTurn(v.language());
        String rec = v.state().recommendationId();
        if (v.targets().isEmpty()) {
            return new Acted(next, v.result(writer.nothingShown(v.language()), List.of(), null, v.running(), List.of(),
                    "nothing_shown", null, null));
        }
        ShownProduct p = v.targets().get(0);
        ShopId shop = v.c().shop();
        if (orders != null) {
            PlacedOrder o = orders.place(shop, v.customer(), p.itemId(), rec, v.c().id() + ":buy:" + p.itemId());
            return new Acted(next, v.result(writer.ordered(v.language(), p, o.orderId(), o.payUrl()), List.of(p), rec,
                    v.running(), List.of(), "order_placed", o.orderId(), o.payUrl()));
        }
        feedback.append(shop, v.customer(), List.of(new FeedbackSink.Feedback(FeedbackSink.Type.ADD_TO_CART, p.itemId(),
                rec, v.key() + ":add_to_cart:" + p.itemId(), Map.of("conversationId", v.c().id()))));
        return new Acted(next, v.result(writer.addedToCart(v.language(), p), List.of(p), rec, v.running(), List.of(),
                "added_to_cart", null, null));
    }

    private Acted consider(Verdict v) {
        String rec = v.state().recommendationId();
        feedback.append(v.c().shop(), v.customer(),
                v.targets().stream().map(p -> new FeedbackSink.Feedback(FeedbackSink.Type.CLICK, p.itemId(), rec,
                        v.key() + ":click:" + p.itemId(), Map.of("conversationId", v.c().id()))).toList());
        return new Acted(v.state().nextTurn(v.language()), v.result(writer.considered(v.language(), v.targets()),
                v.targets(), rec, v.running(), List.of(), "considered", null, null));
    }

    private Acted refuse(Verdict v, CatalogIndex index, Act a) {
        RefusalReason reason = a.reason() == null ? RefusalReason.OTHER : a.reason();
        String reasonName = reason.name().toLowerCase(Locale.ROOT);
        String rec = v.state().recommendationId();
        feedback.append(v.c().shop(), v.customer(), a.targets().stream()
                .map(s -> new FeedbackSink.Feedback(FeedbackSink.Type.DISLIKE, s.itemId(), rec,
                        v.key() + ":dislike:" + s.itemId(), Map.of("reason", reasonName, "conversationId", v.c().id())))
                .toList());
        ConversationState refused = v.state().refusing(a.targets().stream().map(Shown::itemId).toList(), reasonName);
        Search again = dialog.afterRefusal(refused, a.targets(), reason);
        if (again == null) {
            return new Acted(refused.nextTurn(v.language()),
                    v.result(writer.refused(v.language()), List.of(), null, null, List.of(), "refused", null, null));
        }
        Answers.Answer answer = answers.search(v.c().shop(), v.customer(), index, again, v.language());
        ConversationState next = refused.answered(v.language(), again.intent(), answer.shown(), false,
                answer.recommendationId());
        return new Acted(next, v.result(writer.refused(v.language()) + "\n" + answer.reply(), answer.products(),
                answer.recommendationId(), again.intent(), answer.suggestions(), "refused", null, null));
    }

    private TurnResult locked(String conversationId, Supplier<TurnResult> body) {
        ReentrantLock lock = locks[Math.floorMod(conversationId.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Intent as JSON, as stored and as the API shows it. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static ConversationState read(String json) {
        try {
            return JSON.readValue(json, ConversationState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored conversation state is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Another writer stored the same turn of a conversation first; the caller may retry. */
    public static final class ConcurrentTurnException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentTurnException(String conversationId) {
            super("another turn of conversation " + conversationId + " was stored at the same time; send it again");
        }
    }
}
