package org.shoptide.assistant.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped lexicon files are whole and consistent: the checks a contributor's edit must keep passing. */
class LexiconFilesTest {
    private static final ShippedLexicon LEXICON = ShippedLexicon.load();

    @Test
    void productTypesAreManyUniqueRootedAndNamedInEveryLanguage() throws IOException {
        List<String[]> rows = rows("product_types.tsv");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(500);
        Set<String> ids = new HashSet<>();
        for (String[] row : rows) {
            assertThat(ids.add(row[0])).as("unique id %s", row[0]).isTrue();
        }
        for (String[] row : rows) {
            assertThat(row[1].isEmpty() || ids.contains(row[1])).as("parent of %s exists", row[0]).isTrue();
            for (Language language : Language.values()) {
                assertThat(LEXICON.names(Lexicon.Kind.PRODUCT_TYPE, row[0], language)).as("%s in %s", row[0], language)
                        .isNotEmpty();
            }
        }
        assertThat(LEXICON.broader("running_shoes")).containsExactly("sneakers", "footwear");
    }

    @Test
    void brandsAreManyWithChineseAndCyrillicFormsAndKnownDomains() throws IOException {
        List<String[]> rows = rows("brands.tsv");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        Set<String> types = new HashSet<>(LEXICON.ids(Lexicon.Kind.PRODUCT_TYPE));
        for (String[] row : rows) {
            assertThat(row[2]).as("Chinese form of %s", row[0]).isNotBlank();
            assertThat(row[3]).as("Cyrillic form of %s", row[0]).isNotBlank();
            if (row.length > 4 && !row[4].isBlank()) {
                assertThat(types).as("domains of %s", row[0]).containsAll(List.of(row[4].split("\\|")));
            }
        }
        assertThat(LEXICON.lookup(Lexicon.Kind.BRAND, "耐克")).contains("nike");
        assertThat(LEXICON.lookup(Lexicon.Kind.BRAND, "Адидас")).contains("adidas");
    }

    @Test
    void theLexiconAnswersAcrossLanguagesAndInflections() {
        assertThat(LEXICON.surfaceForms(Lexicon.Kind.PRODUCT_TYPE, "sneakers")).contains("sneakers", "运动鞋",
                "кроссовки");
        assertThat(LEXICON.names(Lexicon.Kind.PRODUCT_TYPE, "sneakers", Language.RU).getFirst()).isEqualTo("кроссовки");
        assertThat(LEXICON.lookup(Lexicon.Kind.PRODUCT_TYPE, "Кроссовок")).contains("sneakers");
        assertThat(LEXICON.lookup(Lexicon.Kind.FEATURE, "防水")).contains("waterproof");
        assertThat(LEXICON.lookup(Lexicon.Kind.RECIPIENT, "маме")).contains("mother");
        assertThat(LEXICON.lookup(Lexicon.Kind.OCCASION, "Новый год")).contains("new_year");
        assertThat(LEXICON.lookup(Lexicon.Kind.PRODUCT_TYPE, "no such thing")).isEmpty();
        assertThat(LEXICON.ids(Lexicon.Kind.BRAND)).contains("nike", "xiaomi");
        assertThat(LEXICON.broader("footwear")).isEmpty();
        assertThat(LEXICON.surfaceForms(Lexicon.Kind.BRAND, "unknown")).isEmpty();
    }

    /** As matched (stemmed, lower case), no form names two entries of a kind unless one of them marks it ambiguous. */
    @Test
    void noUnmarkedFormNamesTwoEntriesOfAKind() throws IOException {
        List<String> clashes = new ArrayList<>();
        clashes.addAll(clashes("product_types.tsv", 0, 2));
        clashes.addAll(clashes("brands.tsv", 0, 1));
        assertThat(clashes).isEmpty();
    }

    @Test
    void everyPhraseKindAndValueIsKnownToTheIntent() throws IOException {
        for (String[] row : rows("phrases.tsv")) {
            switch (row[0]) {
                case "SORT" -> Intent.Sort.valueOf(row[1]);
                case "REFINEMENT" -> Intent.Refinement.valueOf(row[1]);
                case "FEEDBACK" -> Intent.Feedback.valueOf(row[1]);
                case "REFUSAL" -> Intent.RefusalReason.valueOf(row[1]);
                case "ORDINAL" -> assertThat(Integer.parseInt(row[1])).isNotZero();
                case "NEGATION" -> assertThat(row[1]).isIn("EXCLUDE", "EXCLUDE_AFTER", "ONLY");
                default -> throw new AssertionError("unknown phrase kind " + row[0]);
            }
        }
    }

    private static List<String> clashes(String file, int idColumn, int firstLanguage) throws IOException {
        Map<List<String>, String> owner = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String[] row : rows(file)) {
            for (int c = firstLanguage; c < firstLanguage + 3; c++) {
                for (String form : row[c].split("\\|")) {
                    if (form.isBlank() || form.startsWith("~")) {
                        continue;
                    }
                    List<String> keys = Tokenizer.keys(form);
                    String previous = owner.putIfAbsent(keys, row[idColumn]);
                    if (previous != null && !previous.equals(row[idColumn])) {
                        out.add(file + ": '" + form + "' names " + previous + " and " + row[idColumn]);
                    }
                }
            }
        }
        return out;
    }

    private static List<String[]> rows(String file) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LexiconFilesTest.class.getResourceAsStream("/org/shoptide/assistant/lexicon/" + file),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t", -1));
                }
            }
        }
        return out;
    }
}
