package org.shoptide.server.assistant;

import org.shoptide.server.http.handler.BudgetLookup;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.shoptide.assistant.AssistantOptions;
import org.shoptide.assistant.AssistantService;
import org.shoptide.assistant.catalog.CatalogIndexes;
import org.shoptide.assistant.llm.OpenAiChatModel;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.IntentParser;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.port.OrderPort;
import org.shoptide.assistant.retrieval.LexicalRetriever;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.config.ServerConfig.AssistantSettings;

/**
 * The shopping assistant assembled over the engine: catalog, personal ranking and feedback through the engine, the
 * conversation store of the composition, the language parts given (parser and lexicon), the optional model of
 * {@code assistant.llm.*}, and the order flow when one is given. Catalog indexes are refreshed on one background
 * thread. Close it with the server.
 */
public final class ServerAssistant implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Analyzers analyzers = new Analyzers();
    private final ExecutorService refresher = Executors
            .newSingleThreadExecutor(Thread.ofPlatform().name("assistant-catalog-refresh").daemon().factory());
    private final CatalogIndexes indexes;
    private final AssistantService service;

    /**
     * @param orders
     *            the order flow, or null to record a buy as an add-to-cart event
     */
    public ServerAssistant(Engine engine, ConversationStore store, IntentParser parser, Lexicon lexicon,
            OrderPort orders, AssistantSettings settings, Clock clock) {
        this(engine, store, parser, lexicon, orders, BudgetLookup.NONE, settings, clock);
    }

    /**
     * @param budgets
     *            the customers' remaining budgets the answers are ranked under
     */
    public ServerAssistant(Engine engine, ConversationStore store, IntentParser parser, Lexicon lexicon,
            OrderPort orders, BudgetLookup budgets, AssistantSettings settings, Clock clock) {
        Objects.requireNonNull(engine, "engine");
        this.indexes = new CatalogIndexes(new EngineCatalogSource(engine, clock, settings.catalogRefresh()), analyzers,
                refresher);
        OpenAiChatModel model = settings.llmUrl() == null ? null
                : new OpenAiChatModel(new OpenAiChatModel.Settings(settings.llmUrl(), settings.llmModel(),
                        settings.llmKey(), settings.llmTimeout()), lexicon);
        this.service = new AssistantService(indexes, parser, lexicon, new LexicalRetriever(),
                new EnginePersonalRanker(engine, budgets), new EngineFeedbackSink(engine, clock), orders, store, model,
                new AssistantOptions(settings.n(), AssistantOptions.DEFAULTS.candidates()), clock,
                ServerAssistant::conversationId);
    }

    /** A new conversation id: 128 random bits, URL-safe. */
    static String conversationId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "cv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public AssistantService service() {
        return service;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        indexes.close();
        analyzers.close();
    }

    /** How long a catalog change takes at most to reach the assistant by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
}
