package org.shoptide.assistant.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shoptide.assistant.catalog.Money;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.nlu.Lexicon.Kind;
import org.shoptide.assistant.nlu.ShopVocabulary;

/**
 * Reads a model's intent JSON into an {@link Intent}, strictly: a language of en/zh/ru, a product type the lexicon
 * knows, whole non-negative amounts with the floor not above the ceiling, a real ISO currency, enum names as listed,
 * short string arrays. Anything else makes the whole answer invalid, and the built-in parser answers instead.
 */
final class IntentJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_AMOUNT = 1_000_000_000_000L;
    private static final int MAX_LIST = 20;
    private static final int MAX_TEXT = 500;

    private final Lexicon lexicon;

    IntentJson(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    List<String> productTypes() {
        return lexicon.ids(Kind.PRODUCT_TYPE);
    }

    /** Signals an invalid field. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    Optional<Intent> parse(String content, ShopVocabulary vocabulary) {
        try {
            JsonNode n = JSON.readTree(content.strip().replaceAll("^```(?:json)?|```$", ""));
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            return Optional.of(intent(n, vocabulary));
        } catch (JsonProcessingException | Invalid e) {
            return Optional.empty();
        }
    }

    private Intent intent(JsonNode n, ShopVocabulary vocabulary) throws Invalid {
        Language language = switch (text(n, "language", 2)) {
            case "en" -> Language.EN;
            case "zh" -> Language.ZH;
            case "ru" -> Language.RU;
            case null, default -> throw new Invalid("language");
        };
        String type = text(n, "productType", 100);
        if (type != null && !lexicon.ids(Kind.PRODUCT_TYPE).contains(type)) {
            throw new Invalid("productType");
        }
        Long min = amount(n, "minPriceMinor");
        Long max = amount(n, "maxPriceMinor");
        if (min != null && max != null && min > max) {
            throw new Invalid("price bounds");
        }
        String currency = text(n, "currency", 3);
        if (currency != null && Money.currencyOrNull(currency) == null) {
            throw new Invalid("currency");
        }
        if (currency == null && (min != null || max != null)) {
            currency = vocabulary.currency();
        }
        Integer ordinal = null;
        JsonNode o = n.get("ordinal");
        if (o != null && !o.isNull()) {
            if (!o.canConvertToInt() || !o.isIntegralNumber() || o.asInt() == 0 || o.asInt() < -1
                    || o.asInt() > MAX_LIST) {
                throw new Invalid("ordinal");
            }
            ordinal = o.asInt();
        }
        JsonNode approximate = n.get("approximate");
        if (approximate != null && !approximate.isNull() && !approximate.isBoolean()) {
            throw new Invalid("approximate");
        }
        return new Intent(language, type, List.of(), min, max,
                currency != null ? currency.toUpperCase(Locale.ROOT) : null,
                approximate != null && approximate.asBoolean(), list(n, "brands"), list(n, "excludedBrands"),
                list(n, "features"), choice(n, "sort", Intent.Sort.class), text(n, "recipient", 100),
                text(n, "occasion", 100), choice(n, "refinement", Intent.Refinement.class), ordinal,
                choice(n, "feedback", Intent.Feedback.class), choice(n, "refusalReason", Intent.RefusalReason.class),
                text(n, "text", MAX_TEXT));
    }

    private static String text(JsonNode n, String field, int maxLength) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > maxLength) {
            throw new Invalid(field);
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static Long amount(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > MAX_AMOUNT) {
            throw new Invalid(field);
        }
        return v.asLong();
    }

    private static List<String> list(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_LIST) {
            throw new Invalid(field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > 100) {
                throw new Invalid(field);
            }
            out.add(e.asText().strip());
        }
        return out;
    }

    private static <E extends Enum<E>> E choice(JsonNode n, String field, Class<E> type) throws Invalid {
        String v = text(n, field, 40);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Invalid(field);
        }
    }
}
