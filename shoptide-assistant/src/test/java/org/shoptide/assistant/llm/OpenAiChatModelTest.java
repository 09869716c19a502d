package org.shoptide.assistant.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shoptide.assistant.AssistantOptions;
import org.shoptide.assistant.AssistantService;
import org.shoptide.assistant.Fixtures;
import org.shoptide.assistant.Fixtures.ListCatalog;
import org.shoptide.assistant.Fixtures.ProfileRanker;
import org.shoptide.assistant.TestLexicon;
import org.shoptide.assistant.TestParser;
import org.shoptide.assistant.TurnResult;
import org.shoptide.assistant.catalog.CatalogIndexes;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.ShopVocabulary;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.retrieval.LexicalRetriever;
import org.shoptide.testing.fake.InMemoryConversationStore;

/** The model client against a fake OpenAI-compatible server (JDK HttpServer) started by the test. */
class OpenAiChatModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestLexicon lexicon = new TestLexicon();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** A scripted reply: status and assistant content (null content: the body is sent as is). */
    record Scripted(int status, String content, String rawBody, long delayMillis) {
        static Scripted content(String content) {
            return new Scripted(200, content, null, 0);
        }
    }

    private OpenAiChatModel start(Function<String, Scripted> script, Duration timeout) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Scripted s = script.apply(body);
            try {
                Thread.sleep(s.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String out = s.rawBody() != null ? s.rawBody()
                    : JSON.writeValueAsString(Map.of("choices",
                            List.of(Map.of("message", Map.of("role", "assistant", "content", s.content())))));
            byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(s.status(), bytes.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(bytes);
                }
            } catch (IOException e) {
                // the client gave up (time-out test)
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OpenAiChatModel(new OpenAiChatModel.Settings(base, "test-model", "sk-test", timeout), lexicon);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static final ShopVocabulary SHOP = new ShopVocabulary("CNY", List.of(), Map.of(), List.of("Nike"), Map.of(),
            Map.of());

    @Test
    void aValidIntentIsReadAndTheRequestIsOpenAiShaped() throws Exception {
        OpenAiChatModel model = start(b -> Scripted.content(
                "{\"language\":\"ru\",\"productType\":\"running_shoes\",\"maxPriceMinor\":700000,\"brands\":[\"Nike\"],"
                        + "\"sort\":\"cheapest\",\"text\":\"для бега\"}"),
                Duration.ofSeconds(2));
        Intent i = model.intent("кроссовки найк до 7000", SHOP).orElseThrow();
        assertThat(i.language()).isEqualTo(Language.RU);
        assertThat(i.productType()).isEqualTo("running_shoes");
        assertThat(i.maxPriceMinor()).isEqualTo(700_000L);
        assertThat(i.currency()).isEqualTo("CNY");
        assertThat(i.brands()).containsExactly("Nike");
        assertThat(i.sort()).isEqualTo(Intent.Sort.CHEAPEST);
        var request = JSON.readTree(requests.get(0));
        assertThat(request.path("model").asText()).isEqualTo("test-model");
        assertThat(request.path("messages").path(1).path("content").asText()).isEqualTo("кроссовки найк до 7000");
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(authorizations).containsExactly("Bearer sk-test");
    }

    @Test
    void garbageInvalidFieldsErrorsAndTimeOutsYieldNothing() throws Exception {
        AtomicInteger call = new AtomicInteger();
        List<Scripted> answers = List.of(Scripted.content("I think they want shoes!"),
                Scripted.content("{\"language\":\"de\"}"),
                Scripted.content("{\"language\":\"en\",\"productType\":\"spaceship\"}"),
                Scripted.content("{\"language\":\"en\",\"minPriceMinor\":500,\"maxPriceMinor\":100}"),
                Scripted.content("{\"language\":\"en\",\"maxPriceMinor\":-5}"),
                Scripted.content("{\"language\":\"en\",\"maxPriceMinor\":9.99}"),
                Scripted.content("{\"language\":\"en\",\"currency\":\"XYZ\",\"maxPriceMinor\":100}"),
                Scripted.content("{\"language\":\"en\",\"sort\":\"random\"}"),
                Scripted.content("{\"language\":\"en\",\"ordinal\":0}"),
                new Scripted(500, null, "{\"error\":\"boom\"}", 0), new Scripted(200, null, "not json", 0),
                new Scripted(200, null, "{\"choices\":[]}", 0),
                new Scripted(200, "{\"language\":\"en\"}", null, 3_000));
        OpenAiChatModel model = start(b -> answers.get(call.getAndIncrement()), Duration.ofMillis(300));
        for (int i = 0; i < answers.size(); i++) {
            long t0 = System.nanoTime();
            assertThat(model.intent("shoes", SHOP)).as("answer %d", i).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void theServiceUsesTheModelWhereValidAndItsOwnPartsOtherwise() throws Exception {
        AtomicInteger call = new AtomicInteger();
        OpenAiChatModel model = start(body -> {
            boolean intent = body.contains("json_object");
            int n = call.incrementAndGet();
            if (intent) {
                return n <= 2 ? Scripted.content("{\"language\":\"en\",\"productType\":\"headphones\"}")
                        : Scripted.content("nonsense");
            }
            return n <= 2
                    ? Scripted.content("Great pick: Sony wireless noise cancelling headphones for ¥1,299, and"
                            + " Budget wired earphones for ¥49.")
                    : Scripted.content("Buy Budget wired earphones, now only ¥9! Or the Электрочайник стеклянный.");
        }, Duration.ofSeconds(2));
        ListCatalog catalog = new ListCatalog(Fixtures.catalog());
        try (Analyzers analyzers = new Analyzers();
                CatalogIndexes indexes = new CatalogIndexes(catalog, analyzers, Runnable::run)) {
            ProfileRanker ranker = new ProfileRanker(Fixtures.catalog());
            AtomicInteger ids = new AtomicInteger();
            AssistantService s = new AssistantService(indexes, new TestParser(lexicon), lexicon, new LexicalRetriever(),
                    ranker, ranker, null, new InMemoryConversationStore(), model, AssistantOptions.DEFAULTS,
                    Clock.systemUTC(), () -> "c" + ids.incrementAndGet());
            String c = s.start(Fixtures.SHOP, Customer.user("u1"), Language.EN).id();
            // the model understood "something for my ears" and phrased a grounded reply
            TurnResult good = s.message(Fixtures.SHOP, c, "something for my ears");
            assertThat(good.intent().productType()).isEqualTo("headphones");
            assertThat(good.reply()).startsWith("Great pick:");
            // the model's intent is nonsense and its reply invents a price and names a product not shown
            TurnResult fallback = s.message(Fixtures.SHOP, c, "headphones");
            assertThat(fallback.intent().productType()).isEqualTo("headphones"); // the built-in parser's
            assertThat(fallback.reply()).startsWith("Here is what I found:").doesNotContain("¥9!");
        }
    }
}
