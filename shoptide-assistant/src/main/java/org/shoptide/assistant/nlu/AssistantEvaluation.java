package org.shoptide.assistant.nlu;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures an intent parser on a {@link TestSet}: exact-match accuracy of each field per language, and the latency of
 * one parse (p50 and p99 over every message of the set, parsed {@code rounds} times after one warm-up round). Brands
 * compare as sets; prices compare in minor units of the expected currency; an expected empty sort means relevance.
 */
public final class AssistantEvaluation {
    private AssistantEvaluation() {
    }

    /**
     * The outcome.
     *
     * @param correct
     *            language → field → messages whose field matched
     * @param total
     *            language → messages
     * @param p50Micros
     *            median parse latency in microseconds
     * @param p99Micros
     *            99th percentile parse latency in microseconds
     * @param failures
     *            one line per mismatched field: language, message, field, expected, got
     */
    public record Report(Map<Language, Map<String, Integer>> correct, Map<Language, Integer> total, double p50Micros,
            double p99Micros, List<String> failures) {

        /** Fraction of a language's messages whose field matched. */
        public double accuracy(Language language, String field) {
            int n = total.getOrDefault(language, 0);
            return n == 0 ? Double.NaN : correct.get(language).getOrDefault(field, 0) / (double) n;
        }

        /** A Markdown table: one row per field, one column per language. */
        public String table() {
            StringBuilder out = new StringBuilder("| field |");
            total.keySet()
                    .forEach(l -> out.append(' ').append(l.code()).append(" (n=").append(total.get(l)).append(") |"));
            out.append("\n|---|").append("---:|".repeat(total.size())).append('\n');
            for (String field : TestSet.FIELDS) {
                out.append("| ").append(field).append(" |");
                total.keySet()
                        .forEach(l -> out.append(String.format(Locale.ROOT, " %.1f%% |", 100 * accuracy(l, field))));
                out.append('\n');
            }
            out.append(String.format(Locale.ROOT, "%nparse latency: p50 %.1f µs, p99 %.1f µs%n", p50Micros, p99Micros));
            return out.toString();
        }
    }

    /** Runs the parser over the set's single messages and dialog turns. */
    public static Report evaluate(IntentParser parser, TestSet set, int rounds) {
        List<TestSet.Case> all = new ArrayList<>(set.cases());
        all.addAll(set.dialogs());
        Map<Language, Map<String, Integer>> correct = new EnumMap<>(Language.class);
        Map<Language, Integer> total = new EnumMap<>(Language.class);
        List<String> failures = new ArrayList<>();
        for (TestSet.Case c : all) {
            ShopVocabulary shop = shop(set, c.language());
            Intent intent = parser.parse(c.message(), shop);
            total.merge(c.language(), 1, Integer::sum);
            Map<String, Integer> byField = correct.computeIfAbsent(c.language(), l -> new LinkedHashMap<>());
            for (String field : TestSet.FIELDS) {
                String expected = c.expected().get(field);
                String got = actual(intent, field);
                if (matches(field, expected, got, c.expected().get("currency"))) {
                    byField.merge(field, 1, Integer::sum);
                } else {
                    failures.add(c.language().code() + "\t" + c.message() + "\t" + field + "\texpected=" + expected
                            + "\tgot=" + got);
                }
            }
        }
        long[] nanos = new long[all.size() * Math.max(1, rounds)];
        int k = 0;
        for (int round = -1; round < Math.max(1, rounds); round++) {
            for (TestSet.Case c : all) {
                ShopVocabulary shop = shop(set, c.language());
                long start = System.nanoTime();
                Intent intent = parser.parse(c.message(), shop);
                long elapsed = System.nanoTime() - start;
                if (round >= 0 && intent != null) {
                    nanos[k++] = elapsed;
                }
            }
        }
        long[] measured = Arrays.copyOf(nanos, k);
        Arrays.sort(measured);
        return new Report(correct, total, percentile(measured, 0.50) / 1000.0, percentile(measured, 0.99) / 1000.0,
                List.copyOf(failures));
    }

    private static ShopVocabulary shop(TestSet set, Language language) {
        ShopVocabulary shop = set.shops().get(language);
        return shop != null ? shop : set.shops().values().iterator().next();
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String actual(Intent intent, String field) {
        return switch (field) {
            case "productType" -> Objects.toString(intent.productType(), "");
            case "minPrice" -> intent.minPriceMinor() == null ? "" : intent.minPriceMinor() + " " + intent.currency();
            case "maxPrice" -> intent.maxPriceMinor() == null ? "" : intent.maxPriceMinor() + " " + intent.currency();
            case "currency" -> Objects.toString(intent.currency(), "");
            case "brands" -> String.join("|", intent.brands());
            case "excludedBrands" -> String.join("|", intent.excludedBrands());
            case "sort" -> intent.sort() == Intent.Sort.RELEVANCE ? "" : intent.sort().name();
            case "feedback" -> intent.feedback() == null ? "" : intent.feedback().name();
            case "refinement" -> intent.refinement() == null ? "" : intent.refinement().name();
            default -> throw new IllegalArgumentException("unknown field " + field);
        };
    }

    private static boolean matches(String field, String expected, String got, String expectedCurrency) {
        return switch (field) {
            case "minPrice", "maxPrice" -> expected.isEmpty() ? got.isEmpty()
                    : got.equals(
                            BudgetReader.minor(new BigDecimal(expected), expectedCurrency) + " " + expectedCurrency);
            case "brands", "excludedBrands" -> set(expected).equals(set(got));
            default -> expected.equals(got);
        };
    }

    private static Set<String> set(String brands) {
        Set<String> out = new TreeSet<>();
        for (String b : brands.split("\\|")) {
            if (!b.isBlank()) {
                out.add(b.trim());
            }
        }
        return out;
    }
}
