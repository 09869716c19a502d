package org.shoptide.server.assistant;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.Lexicon;

/**
 * A small lexicon for the server's assistant tests (a copy of the assistant module's test lexicon; the shipped one is
 * H3's): a few product types, brands and features in three languages.
 */
public final class TestLexicon implements Lexicon {
    private record Entry(Map<Language, List<String>> names, List<String> broader) {
    }

    private final Map<Kind, Map<String, Entry>> entries = new EnumMap<>(Kind.class);

    public TestLexicon() {
        add(Kind.PRODUCT_TYPE, "shoes", List.of(), List.of("shoes", "shoe"), List.of("鞋", "鞋子"),
                List.of("обувь", "туфли"));
        add(Kind.PRODUCT_TYPE, "running_shoes", List.of("shoes"), List.of("running shoes", "running shoe", "sneakers"),
                List.of("跑鞋", "跑步鞋"), List.of("кроссовки", "беговые кроссовки"));
        add(Kind.PRODUCT_TYPE, "headphones", List.of(), List.of("headphones", "earphones"), List.of("耳机"),
                List.of("наушники"));
        add(Kind.PRODUCT_TYPE, "kettle", List.of(), List.of("kettle", "electric kettle"), List.of("水壶", "电水壶"),
                List.of("чайник", "электрочайник"));
        add(Kind.BRAND, "nike", List.of(), List.of("Nike"), List.of("耐克"), List.of("Найк"));
        add(Kind.BRAND, "asics", List.of(), List.of("Asics"), List.of("亚瑟士"), List.of("Асикс"));
        add(Kind.BRAND, "sony", List.of(), List.of("Sony"), List.of("索尼"), List.of("Сони"));
        add(Kind.FEATURE, "waterproof", List.of(), List.of("waterproof"), List.of("防水"), List.of("водонепроницаемые"));
        add(Kind.FEATURE, "wireless", List.of(), List.of("wireless"), List.of("无线"), List.of("беспроводные"));
    }

    private void add(Kind kind, String id, List<String> broader, List<String> en, List<String> zh, List<String> ru) {
        Map<Language, List<String>> names = new EnumMap<>(Language.class);
        names.put(Language.EN, en);
        names.put(Language.ZH, zh);
        names.put(Language.RU, ru);
        entries.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(id, new Entry(names, broader));
    }

    @Override
    public List<String> surfaceForms(Kind kind, String id) {
        Entry e = entries.getOrDefault(kind, Map.of()).get(id);
        if (e == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        e.names().values().forEach(l -> l.forEach(n -> out.add(n.toLowerCase(Locale.ROOT))));
        return out;
    }

    @Override
    public List<String> names(Kind kind, String id, Language language) {
        Entry e = entries.getOrDefault(kind, Map.of()).get(id);
        return e == null ? List.of() : e.names().get(language);
    }

    @Override
    public Optional<String> lookup(Kind kind, String phrase) {
        String p = phrase.strip().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Entry> e : entries.getOrDefault(kind, Map.of()).entrySet()) {
            if (e.getKey().equals(p) || e.getValue().names().values().stream().flatMap(List::stream)
                    .anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(p))) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> ids(Kind kind) {
        return List.copyOf(entries.getOrDefault(kind, Map.of()).keySet());
    }

    @Override
    public List<String> broader(String productTypeId) {
        Entry e = entries.getOrDefault(Kind.PRODUCT_TYPE, Map.of()).get(productTypeId);
        return e == null ? List.of() : e.broader();
    }
}
