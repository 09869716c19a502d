package org.shoptide.assistant.nlu;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the numbers of a normalised message that could be money and drops those that cannot: digits with thousands
 * separators (1,500 / 1 500 / 1.500: a separator followed by exactly three digits) or a decimal part (2,5 / 1.5),
 * multipliers (k, к, тыс., тысяч, thousand, 千, 万, 百), Chinese numerals, English and Russian number words, a currency
 * sign or word on either side. A number is not money when a unit follows it (256gb, 5l, 42码, 2 pairs, 10 years), a size
 * or model word precedes it (size 42, размер, 第), or letters are glued to it (ps5, iphone15, 5g).
 */
final class AmountFinder {
    private AmountFinder() {
    }

    /** Larger amounts are not prices (and would overflow minor units). */
    private static final BigDecimal LARGEST = BigDecimal.valueOf(1_000_000_000_000L);
    private static final String END = "(?![a-zа-я])";
    private static final Pattern THOUSANDS = Pattern
            .compile("\\d{1,3}([ \u00a0\u202f,.])\\d{3}(?:\\1\\d{3})*(?![\\d])");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(?:[.,]\\d{1,2}(?!\\d))?");
    private static final Pattern MULTIPLIER = Pattern.compile("(?:(k|к)" + END + "|\\s?(тыс(?:яч[аиу]?)?\\.?|тыщ[иу]?"
            + "|thousand|grand|млн|million|hundred|сот(?:ен|ни|ня)?)" + END + "|(千|万|百))");
    private static final Pattern CURRENCY_AFTER = Pattern.compile("\\s?(\\$|usd" + END + "|us dollars?" + END
            + "|dollars?" + END + "|bucks?" + END + "|€|eur(?:os?)?" + END + "|¥|rmb" + END + "|cny" + END + "|yuan"
            + END + "|元|块钱|块|塊|₽|rub" + END + "|руб(?:лей|ля|ль)?\\.?" + END + "|р\\.|р" + END + "|доллар(?:ов|а)?"
            + END + "|бакс(?:ов|а)?" + END + "|евро" + END + "|юан(?:ей|я|ь)" + END + "|美元|美金|刀|欧元|卢布|人民币)");
    private static final Pattern CURRENCY_BEFORE = Pattern.compile("(\\$|€|¥|₽|us\\$|usd|eur|rmb|cny|rub)\\s?$");
    private static final Pattern UNIT_AFTER = Pattern.compile("\\s?(?:(?:gb|tb|mb|гб|тб|мб|mah|мач|ма|w|вт|l|л|ml|мл"
            + "|kg|кг|lbs?|oz|inch(?:es)?|дюйм[а-я]*|cm|см|mm|мм|m|м|ft|feet|foot|hz|гц|p|pairs?|pcs|pieces?|pc|шт[а-я]*"
            + "|пар[аы]?|pack|people|persons?|человек[а-я]*|years?|yrs?|yo|months?|лет|год[а-я]*|месяц[а-я]*|size|размер[а-я]*"
            + "|g|x|seater|местн[а-я]*|кг|ступен[а-я]*|серии|series)" + END + "|\"|%|°|℃|码|号|寸|英寸|升|毫升|毫安|斤|公斤|克|岁"
            + "|年|个月|月|双|个|件|台|只|条|套|盒|瓶|支|本|片|人|米|厘米|度|核|层|口|位|寸)");
    private static final Pattern SIZE_BEFORE = Pattern.compile("(?:^|[^a-zа-я])(size|sz|eu|uk|us|размер[а-я]*|р-р|尺码"
            + "|码数|第|no\\.?|№|#|model|модель|version|gen|серия|series|mark|mk)\\s?$");
    private static final Pattern DISPLAY_AFTER = Pattern
            .compile("\\s?(tv|monitor|display|screen|video|camera|resolution"
                    + "|телевизор[а-я]*|монитор[а-я]*|экран[а-я]*|видео[а-я]*|电视|显示器|屏|视频|高清)");
    private static final Pattern INVERSION = Pattern.compile("(тысяч[иау]?|тыс\\.?|тыщ[иу]?)\\s+за\\s+");
    private static final Map<String, String> CURRENCIES = Map.ofEntries(Map.entry("$", "USD"), Map.entry("usd", "USD"),
            Map.entry("us$", "USD"), Map.entry("€", "EUR"), Map.entry("eur", "EUR"), Map.entry("¥", "CNY"),
            Map.entry("rmb", "CNY"), Map.entry("cny", "CNY"), Map.entry("yuan", "CNY"), Map.entry("元", "CNY"),
            Map.entry("块", "CNY"), Map.entry("块钱", "CNY"), Map.entry("塊", "CNY"), Map.entry("₽", "RUB"),
            Map.entry("rub", "RUB"), Map.entry("р", "RUB"), Map.entry("р.", "RUB"), Map.entry("евро", "EUR"),
            Map.entry("美元", "USD"), Map.entry("美金", "USD"), Map.entry("刀", "USD"), Map.entry("欧元", "EUR"),
            Map.entry("卢布", "RUB"), Map.entry("人民币", "CNY"));

    /** The money candidates of a normalised text, in order. */
    static List<Amount> find(String s) {
        List<Amount> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int next;
            if (c >= '0' && c <= '9') {
                next = digits(s, i, out);
            } else if (Numerals.CJK.indexOf(c) >= 0) {
                next = cjk(s, i, out);
            } else if (isLetter(c) && (i == 0 || !isLetter(s.charAt(i - 1)))) {
                next = words(s, i, out);
            } else {
                next = i + 1;
            }
            i = Math.max(next, i + 1);
        }
        // a currency sign before a number may reach back over the previous one ("5$6"): keep spans apart
        List<Amount> apart = new ArrayList<>(out.size());
        for (Amount a : out) {
            if (a.value().compareTo(LARGEST) <= 0 && (apart.isEmpty() || a.start() >= apart.getLast().end())) {
                apart.add(a);
            }
        }
        return apart;
    }

    private static int digits(String s, int i, List<Amount> out) {
        int n = s.length();
        if (i > 0 && isLetter(s.charAt(i - 1))) {
            return skipAlnum(s, i);
        }
        Matcher m = THOUSANDS.matcher(s).region(i, n);
        BigDecimal raw;
        int end;
        if (m.lookingAt() && !(m.end() < n - 1 && (s.charAt(m.end()) == ',' || s.charAt(m.end()) == '.')
                && Character.isDigit(s.charAt(m.end() + 1)))) {
            raw = new BigDecimal(s.substring(i, m.end()).replaceAll("[^0-9]", ""));
            end = m.end();
        } else {
            Matcher d = DECIMAL.matcher(s).region(i, n);
            if (!d.lookingAt()) {
                return i + 1;
            }
            raw = new BigDecimal(d.group().replace(',', '.'));
            end = d.end();
        }
        return finish(s, i, end, raw, false, -1, out);
    }

    private static int cjk(String s, int i, List<Amount> out) {
        int end = i;
        while (end < s.length() && Numerals.CJK.indexOf(s.charAt(end)) >= 0) {
            end++;
        }
        String run = s.substring(i, end);
        long[] v = Numerals.cjk(run);
        boolean unit = v[2] == 1;
        boolean ordinal = i > 0 && s.charAt(i - 1) == '第';
        boolean hasDigit = run.chars().anyMatch(ch -> Numerals.cjkDigit((char) ch) > 0);
        if (ordinal || v[0] <= 0 || (!unit && !currencyAfter(s, end))
                || (!hasDigit && run.charAt(0) != '十' && !currencyAfter(s, end))) {
            return end;
        }
        return finish(s, i, end, Numerals.decimal(v[0]), unit && v[0] >= 100, v[1], out);
    }

    private static int words(String s, int i, List<Amount> out) {
        int pos = i;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal current = BigDecimal.ZERO;
        boolean any = false;
        boolean thousand = false;
        int end = i;
        while (pos < s.length() && isLetter(s.charAt(pos))) {
            int wordEnd = pos;
            while (wordEnd < s.length() && isLetter(s.charAt(wordEnd))) {
                wordEnd++;
            }
            String word = s.substring(pos, wordEnd);
            int small = Numerals.small(word);
            if (small >= 0) {
                current = current.add(BigDecimal.valueOf(small));
            } else if (word.equals("hundred")) {
                current = current.signum() == 0 ? BigDecimal.valueOf(100) : current.multiply(BigDecimal.valueOf(100));
            } else if (Numerals.oneAndAHalf(word)) {
                current = current.add(new BigDecimal("1.5"));
            } else if (Numerals.thousand(word) && !word.equals("grand")) {
                Matcher inv = INVERSION.matcher(s).region(pos, s.length());
                if (!any && inv.lookingAt()) {
                    return inverted(s, i, inv.end(), out);
                }
                current = (current.signum() == 0 ? BigDecimal.ONE : current).multiply(BigDecimal.valueOf(1000));
                total = total.add(current);
                current = BigDecimal.ZERO;
                thousand = true;
            } else {
                break;
            }
            any = true;
            end = wordEnd;
            if (wordEnd < s.length() && s.charAt(wordEnd) == '.' && word.equals("тыс")) {
                end = wordEnd + 1;
            }
            pos = wordEnd;
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '-')) {
                pos++;
            }
        }
        if (!any) {
            return skipAlnum(s, i);
        }
        BigDecimal value = total.add(current);
        if (value.signum() == 0) {
            return end;
        }
        return finish(s, i, end, value, thousand, -1, out);
    }

    /** "тысячи за две": the number after "за", times a thousand, approximate. */
    private static int inverted(String s, int start, int numberStart, List<Amount> out) {
        List<Amount> inner = new ArrayList<>();
        int end = s.charAt(numberStart) >= '0' && s.charAt(numberStart) <= '9' ? digits(s, numberStart, inner)
                : words(s, numberStart, inner);
        if (inner.isEmpty()) {
            return end;
        }
        Amount a = inner.getFirst();
        BigDecimal k = BigDecimal.valueOf(1000);
        out.add(new Amount(start, a.end(), a.raw().multiply(k), null, a.raw(), k, a.currency(), true, true));
        return a.end();
    }

    private static int finish(String s, int start, int end, BigDecimal raw, boolean strongAlready, long pairLow,
            List<Amount> out) {
        int n = s.length();
        BigDecimal multiplier = BigDecimal.ONE;
        Matcher m = MULTIPLIER.matcher(s).region(end, n);
        if (m.lookingAt()) {
            String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            multiplier = switch (w) {
                case "万" -> BigDecimal.valueOf(10_000);
                case "百" -> BigDecimal.valueOf(100);
                case "млн", "million" -> BigDecimal.valueOf(1_000_000);
                case "hundred", "сот", "сотен", "сотни", "сотня" -> BigDecimal.valueOf(100);
                default -> BigDecimal.valueOf(1000);
            };
            if (DISPLAY_AFTER.matcher(s).region(m.end(), n).lookingAt()) {
                return m.end();
            }
            end = m.end();
        }
        boolean multiplied = multiplier.compareTo(BigDecimal.ONE) != 0;
        String currency = null;
        int spanStart = start;
        Matcher after = CURRENCY_AFTER.matcher(s).region(end, n);
        if (after.lookingAt()) {
            currency = currencyOf(after.group(1));
            end = after.end();
        }
        Matcher before = CURRENCY_BEFORE.matcher(s.substring(Math.max(0, start - 4), start));
        if (before.find()) {
            currency = currency == null ? currencyOf(before.group(1)) : currency;
            spanStart = start - (before.end() - before.start());
        }
        if (currency == null) {
            if (UNIT_AFTER.matcher(s).region(end, n).lookingAt()
                    || SIZE_BEFORE.matcher(s.substring(Math.max(0, start - 12), start)).find()
                    || (end < n && isLetter(s.charAt(end)))) {
                return skipAlnum(s, end);
            }
        }
        BigDecimal value = raw.multiply(multiplier);
        BigDecimal low = pairLow > 0 ? BigDecimal.valueOf(pairLow) : null;
        out.add(new Amount(spanStart, end, value, low, raw, multiplier, currency, strongAlready || multiplied, false));
        return end;
    }

    private static boolean currencyAfter(String s, int end) {
        return CURRENCY_AFTER.matcher(s).region(end, s.length()).lookingAt();
    }

    private static String currencyOf(String written) {
        String w = written.trim();
        String code = CURRENCIES.get(w);
        if (code != null) {
            return code;
        }
        if (w.startsWith("dollar") || w.startsWith("buck") || w.startsWith("доллар") || w.startsWith("бакс")) {
            return "USD";
        }
        if (w.startsWith("eur") || w.startsWith("евро")) {
            return "EUR";
        }
        if (w.startsWith("руб")) {
            return "RUB";
        }
        if (w.startsWith("юан")) {
            return "CNY";
        }
        return w.startsWith("us") ? "USD" : null;
    }

    private static int skipAlnum(String s, int i) {
        int j = i;
        while (j < s.length() && (isLetter(s.charAt(j)) || Character.isDigit(s.charAt(j)))) {
            j++;
        }
        return j;
    }

    static boolean isLetter(char c) {
        Token.Script script = Tokenizer.scriptOf(c);
        return script == Token.Script.LATIN || script == Token.Script.CYRILLIC;
    }
}
