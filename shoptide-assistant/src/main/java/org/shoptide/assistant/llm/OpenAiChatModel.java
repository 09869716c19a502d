package org.shoptide.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.nlu.ShopVocabulary;
import org.shoptide.assistant.reply.ShownProduct;

/**
 * A {@link LanguageModel} behind an OpenAI-compatible {@code POST /v1/chat/completions} endpoint (OpenAI, vLLM, Ollama,
 * llama.cpp server), through {@link HttpClient} and Jackson. Each call is bounded by the configured timeout (connect
 * and whole response); any failure (network, status other than 200, a body that is not the expected JSON, a time-out)
 * yields empty, so the built-in parser and templates answer. Intents are validated by {@link IntentJson}; replies are
 * validated by the caller's grounding check. Thread-safe.
 */
public final class OpenAiChatModel implements LanguageModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTENT_PROMPT = """
            You extract a shopping request from one customer message. Answer with one JSON object only, no prose.
            Fields (omit or null when not said): language ("en", "zh" or "ru", required), productType (one of the \
            given product type ids), minPriceMinor and maxPriceMinor (integers in minor units, e.g. cents or fen), \
            currency (ISO 4217), approximate (boolean), brands, excludedBrands, features (arrays of strings), \
            sort (RELEVANCE, CHEAPEST, MOST_EXPENSIVE, BEST_SELLING, NEWEST, TOP_RATED), recipient, occasion, \
            refinement (CHEAPER, PRICIER, OTHER_BRAND, MORE, RESET), ordinal (1-based position, -1 for the last), \
            feedback (BUY, CONSIDER, REFUSE), refusalReason (PRICE, BRAND, STYLE, QUALITY, OTHER), text (the \
            remaining words to search for).""";
    private static final String REPLY_PROMPT = """
            You are a shop assistant. Rewrite the draft reply below in a friendly tone in the language named next. \
            Mention only the products listed, with exactly their titles and prices as written; add no other \
            product, price, discount or claim; write amounts in digits. Answer with the reply text only.""";

    /**
     * Where and how to call the model.
     *
     * @param url
     *            the server's base URL ({@code http://localhost:11434}) or the full chat-completions URL
     * @param key
     *            bearer token, or null when the server needs none
     */
    public record Settings(URI url, String model, String key, Duration timeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
        }

        URI endpoint() {
            String u = url.toString();
            return u.endsWith("/chat/completions") ? url
                    : URI.create(u.replaceAll("/+$", "") + (u.matches(".*/v1/*$") ? "" : "/v1") + "/chat/completions");
        }
    }

    private final Settings settings;
    private final IntentJson intents;
    private final HttpClient http;

    public OpenAiChatModel(Settings settings, Lexicon lexicon) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.intents = new IntentJson(lexicon);
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public Optional<Intent> intent(String message, ShopVocabulary vocabulary) {
        String system = INTENT_PROMPT + "\nShop currency: " + vocabulary.currency() + ". Product type ids: "
                + String.join(", ", intents.productTypes()) + ". Brands: "
                + String.join(", ", vocabulary.brands().stream().limit(300).toList()) + ".";
        return complete(system, message, true).flatMap(content -> intents.parse(content, vocabulary));
    }

    @Override
    public Optional<String> phrase(Language language, Intent intent, List<ShownProduct> products, String template) {
        return complete(REPLY_PROMPT + " Language: " + language.code() + ".", template, false).map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    /** The assistant message's content, or empty on any failure. */
    private Optional<String> complete(String system, String user, boolean json) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("temperature", 0);
        if (json) {
            body.putObject("response_format").put("type", "json_object");
        }
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (settings.key() != null && !settings.key().isBlank()) {
            request.header("Authorization", "Bearer " + settings.key());
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode content = JSON.readTree(response.body()).path("choices").path(0).path("message").path("content");
            return content.isTextual() ? Optional.of(content.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
