package org.shoptide.server.assistant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shoptide.assistant.catalog.Scripts;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Intent.Feedback;
import org.shoptide.assistant.nlu.Intent.Refinement;
import org.shoptide.assistant.nlu.Intent.RefusalReason;
import org.shoptide.assistant.nlu.IntentParser;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.nlu.Lexicon.Kind;
import org.shoptide.assistant.nlu.ShopVocabulary;

/**
 * A deliberately small parser for the assistant's own tests (the real one is H3's {@code RuleIntentParser}): the
 * longest product type named, brands, "under N" in three languages, and a handful of refinement and verdict words.
 * Amounts are whole major units of the shop's currency.
 */
public final class TestParser implements IntentParser {
    private static final Pattern UNDER = Pattern
            .compile("(?:under|below|до|не больше)\\s*(\\d+)|(\\d+)\\s*(?:元?以下|以内)");
    private final Lexicon lexicon;

    public TestParser(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public Intent parse(String message, ShopVocabulary shop) {
        String m = message.toLowerCase(Locale.ROOT);
        Language language = Scripts.languageOf(message);
        String type = longest(Kind.PRODUCT_TYPE, m);
        List<String> brands = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (String b : lexicon.ids(Kind.BRAND)) {
            for (String f : lexicon.surfaceForms(Kind.BRAND, b)) {
                if (m.contains(f)) {
                    String spelled = shop.brands().stream().filter(x -> x.equalsIgnoreCase(b)).findFirst().orElse(b);
                    (m.contains("no " + f) || m.contains("not " + f) ? excluded : brands).add(spelled);
                    break;
                }
            }
        }
        List<String> features = new ArrayList<>();
        for (String f : lexicon.ids(Kind.FEATURE)) {
            if (lexicon.surfaceForms(Kind.FEATURE, f).stream().anyMatch(m::contains)) {
                features.add(f);
            }
        }
        Long max = null;
        Matcher u = UNDER.matcher(m);
        if (u.find()) {
            long major = Long.parseLong(u.group(1) != null ? u.group(1) : u.group(2));
            max = major * 100;
        }
        Refinement refinement = has(m, "cheaper", "дешевле", "便宜") ? Refinement.CHEAPER
                : has(m, "another brand", "другой бренд", "换个牌子") ? Refinement.OTHER_BRAND
                        : has(m, "show more", "ещё", "再看看") ? Refinement.MORE
                                : has(m, "start over", "заново", "重新") ? Refinement.RESET : null;
        Feedback feedback = has(m, "i'll buy", "i will buy", "куплю", "我要买", "买这个") ? Feedback.BUY
                : has(m, "think about it", "надо подумать", "考虑一下") ? Feedback.CONSIDER
                        : has(m, "no thanks", "не надо", "不要了", "too expensive", "дорого", "太贵") ? Feedback.REFUSE
                                : null;
        RefusalReason reason = has(m, "too expensive", "дорого", "太贵") ? RefusalReason.PRICE : null;
        Integer ordinal = has(m, "second", "второй", "第二") ? Integer.valueOf(2)
                : has(m, "first", "первый", "第一") ? Integer.valueOf(1)
                        : has(m, "last one", "последний", "最后") ? Integer.valueOf(-1) : null;
        String text = type == null && brands.isEmpty() && refinement == null && feedback == null && ordinal == null
                && max == null ? m.replaceAll("[^\\p{L}\\p{N} ]", " ").strip() : "";
        return new Intent(language, type, List.of(), null, max, max == null ? null : shop.currency(), false, brands,
                excluded, features, null, null, null, refinement, ordinal, feedback, reason, text);
    }

    private String longest(Kind kind, String m) {
        return lexicon.ids(kind).stream()
                .flatMap(id -> lexicon.surfaceForms(kind, id).stream().filter(m::contains)
                        .map(f -> new String[] { id, f }))
                .max(Comparator.comparingInt(a -> a[1].length())).map(a -> a[0]).orElse(null);
    }

    private static boolean has(String m, String... words) {
        for (String w : words) {
            if (m.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
