package org.shoptide.assistant.nlu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a budget from a normalised message: the money {@link AmountFinder} finds, and the words around it.
 * <ul>
 * <li>A range: two amounts joined by "-", "to", "до" (after "от"), "到", "至", "and"/"и" (after "between"/"между"). A
 * multiplier or currency written once applies to both ("от 3 до 8 тысяч" = 3000–8000).
 * <li>A ceiling after "under", "max", "up to", "не больше", "до", "в пределах", "дешевле", "不超过", "预算", or before "or
 * less", "以下", "以内"; a floor after "over", "from", "at least", "от", "больше", "超过", or before "or more", "以上", "起".
 * <li>"around X", "около X", "X左右", "тысячи за две": approximate, floor 0.85 X and ceiling 1.15 X (±15%, the span
 * customers mean by "about" in a price). "两千出头" ("a little over 2000"): floor X, ceiling 1.15 X.
 * <li>An amount with a currency or a multiplier and no cue word ("三百块", "1.5k", "一万二") is a ceiling: a budget. A bare
 * number with none of these is not money (it may be a size, a model, a count).
 * </ul>
 * Amounts become minor units by the currency's fraction digits ({@link Currency#getDefaultFractionDigits()}); the
 * currency is the one written, else the shop's.
 */
final class BudgetReader {
    private BudgetReader() {
    }

    /** Floor and ceiling of an approximate amount, as fractions of it. */
    static final BigDecimal APPROX_LOW = new BigDecimal("0.85");
    static final BigDecimal APPROX_HIGH = new BigDecimal("1.15");

    private static final String W = "(?:^|[^a-zа-я])";
    /** Words people put between a cue and the amount ("max like 30", "under about 50", "до где-то 5000"). */
    private static final String FILLER = "(?:\\s+(?:like|just|only|about|around|roughly|say|где-то|примерно|около))?";
    private static final Pattern MAX_BEFORE = Pattern.compile(W
            + "(under|below|less than|lower than|cheaper than|nothing over|nothing above|not above|nothing more than"
            + "|not more than|no more than|not over|no higher than|max|maximum|up to|upto|within|at most|budget(?: is| of)?"
            + "|below the|under the|till|<=?|до|не больше|не более|не дороже|дешевле|в пределах|максимум|макс|бюджет"
            + "|не выше|меньше|ниже|за|не превышая|не свыше|不超过|不要超过|别超过|低于|少于|预算|最多|不到|不高于|最高)" + FILLER
            + "\\s*:?\\s*$");
    private static final Pattern MAX_AFTER = Pattern.compile("^\\s*(or less|or under|or below|or cheaper|and under"
            + "|and below|max|maximum|tops|at most|или меньше|и меньше|или дешевле|и дешевле|максимум|макс|以下|以内|之内"
            + "|内|之下|封顶|以里)");
    private static final Pattern MIN_BEFORE = Pattern.compile(W + "(over|above|more than|at least|from|starting at"
            + "|starting from|min|minimum|>=?|от|больше|дороже|свыше|не меньше|не дешевле|минимум|超过|至少|不低于|高于"
            + "|大于|最低|从)\\s*:?\\s*$");
    private static final Pattern MIN_AFTER = Pattern.compile("^\\s*(or more|and up|and above|or above|\\+|plus"
            + "|или больше|и больше|и выше|или дороже|и дороже|以上|起|往上|多)");
    private static final Pattern APPROX_BEFORE = Pattern.compile(W + "(around|about|approx\\.?|approximately|roughly"
            + "|~|≈|около|примерно|приблизительно|порядка|где-то|в районе|大概|大约|差不多|约)\\s*$");
    private static final Pattern APPROX_AFTER = Pattern.compile("^\\s*(-?ish|or so|примерно|左右|上下|前后)");
    private static final Pattern OVER_AFTER = Pattern.compile("^\\s*(出头|多一点|с хвостиком|с копейками)");
    private static final Pattern RANGE_JOIN = Pattern.compile("^\\s*(-|–|—|~|to|до|到|至|and|и)\\s*$");
    private static final Pattern RANGE_OPEN = Pattern.compile(W + "(between|from|от|с|между|从|在)\\s*$");
    private static final Pattern RANGE_CLOSE = Pattern.compile("^\\s*(之间|之内|以内)");

    /**
     * A budget read from a message.
     *
     * @param min
     *            floor in minor units, or null
     * @param max
     *            ceiling in minor units, or null
     * @param currency
     *            ISO 4217 code, null when there is no amount
     * @param approximate
     *            the amount was "around" a value
     * @param spans
     *            character ranges of the budget phrases (amount with its cue words), for removing them from the text
     */
    record Budget(Long min, Long max, String currency, boolean approximate, List<int[]> spans) {
        static final Budget NONE = new Budget(null, null, null, false, List.of());
    }

    static Budget read(String s, String shopCurrency) {
        List<Amount> amounts = AmountFinder.find(s);
        if (amounts.isEmpty()) {
            return Budget.NONE;
        }
        BigDecimal min = null;
        BigDecimal max = null;
        String currency = null;
        boolean approximate = false;
        List<int[]> spans = new ArrayList<>();
        for (int k = 0; k < amounts.size(); k++) {
            Amount a = amounts.get(k);
            int prevEnd = k == 0 ? 0 : amounts.get(k - 1).end();
            String before = s.substring(Math.max(prevEnd, a.start() - 30), a.start());
            Amount b = k + 1 < amounts.size() ? amounts.get(k + 1) : null;
            if (b != null && isRange(s, before, a, b)) {
                if (b.multiplier().compareTo(BigDecimal.ONE) != 0 && a.multiplier().compareTo(BigDecimal.ONE) == 0
                        && a.raw().compareTo(b.raw()) < 0) {
                    a = a.withMultiplier(b.multiplier());
                }
                String code = a.currency() != null ? a.currency() : b.currency();
                BigDecimal lo = a.value().min(b.value());
                BigDecimal hi = a.value().max(b.value());
                if (min == null && max == null) {
                    min = lo;
                    max = hi;
                    currency = currency == null ? code : currency;
                }
                int start = a.start() - cueLength(RANGE_OPEN, before);
                Matcher close = RANGE_CLOSE.matcher(s).region(b.end(), s.length());
                spans.add(new int[] { start, close.lookingAt() ? close.end() : b.end() });
                k++;
                continue;
            }
            String after = s.substring(a.end(), Math.min(s.length(), a.end() + 20));
            int approxBefore = cueLength(APPROX_BEFORE, before);
            int approxAfter = prefixLength(APPROX_AFTER, after);
            int overAfter = prefixLength(OVER_AFTER, after);
            int minBefore = cueLength(MIN_BEFORE, before);
            int minAfter = prefixLength(MIN_AFTER, after);
            int maxBefore = cueLength(MAX_BEFORE, before);
            int maxAfter = prefixLength(MAX_AFTER, after);
            // the longer cue wins: "not more than" is a ceiling although it ends in "more than"
            int cueBefore;
            int cueAfter;
            BigDecimal lo = null;
            BigDecimal hi = null;
            boolean approx = false;
            if (approxBefore > 0 || approxAfter > 0 || a.inverted()) {
                lo = a.value().multiply(APPROX_LOW);
                hi = a.value().multiply(APPROX_HIGH);
                approx = true;
                cueBefore = approxBefore;
                cueAfter = approxAfter;
            } else if (overAfter > 0) {
                lo = a.value();
                hi = a.value().multiply(APPROX_HIGH);
                approx = true;
                cueBefore = 0;
                cueAfter = overAfter;
            } else if (a.low() != null) {
                lo = a.low();
                hi = a.value();
                cueBefore = maxBefore;
                cueAfter = maxAfter;
            } else if ((minBefore > maxBefore || minAfter > 0) && maxAfter == 0) {
                lo = a.value();
                cueBefore = minBefore;
                cueAfter = minAfter;
            } else if (maxBefore > 0 || maxAfter > 0 || a.currency() != null || a.strong()) {
                hi = a.value();
                cueBefore = maxBefore;
                cueAfter = maxAfter;
            } else {
                continue;
            }
            spans.add(new int[] { a.start() - cueBefore, a.end() + cueAfter });
            if (lo != null && min == null && (max == null || approx || lo.compareTo(max) <= 0)) {
                min = lo;
            }
            if (hi != null && max == null) {
                max = hi;
            }
            approximate |= approx;
            currency = currency == null ? a.currency() : currency;
        }
        if (min == null && max == null) {
            return Budget.NONE;
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            // contradictory amounts: the ceiling is the customer's limit, the floor goes
            min = null;
        }
        String code = currency != null ? currency : shopCurrency;
        return new Budget(minor(min, code), minor(max, code), code, approximate, List.copyOf(spans));
    }

    private static boolean isRange(String s, String before, Amount a, Amount b) {
        Matcher join = RANGE_JOIN.matcher(s.substring(a.end(), b.start()));
        if (!join.matches()) {
            return false;
        }
        String word = join.group(1);
        Matcher open = RANGE_OPEN.matcher(before);
        boolean opened = open.find();
        return switch (word) {
            case "and" -> opened && open.group(1).equals("between");
            case "и" -> opened && open.group(1).equals("между");
            case "до" -> opened && (open.group(1).equals("от") || open.group(1).equals("с"));
            default -> true;
        };
    }

    /** Length of a cue at the end of {@code before} (with the spaces after it), 0 when absent. */
    private static int cueLength(Pattern cue, String before) {
        Matcher m = cue.matcher(before);
        return m.find() ? before.length() - m.start(1) : 0;
    }

    private static int prefixLength(Pattern cue, String after) {
        Matcher m = cue.matcher(after);
        return m.find() ? m.end() : 0;
    }

    static Long minor(BigDecimal major, String currency) {
        if (major == null) {
            return null;
        }
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return major.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
