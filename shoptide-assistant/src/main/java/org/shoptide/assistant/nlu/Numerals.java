package org.shoptide.assistant.nlu;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Number words: Chinese numerals (零一二两三…十百千万, where a trailing digit after a unit means the next lower unit: 一千二 =
 * 1200, 一万二 = 12000, 三百五 = 350) and English and Russian number words (two hundred, пять тысяч, полторы тысячи = 1500).
 */
final class Numerals {
    private Numerals() {
    }

    static final String CJK = "零〇一二两三四五六七八九十百千万亿";

    private static final Map<String, Integer> SMALL = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20),
            Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60),
            Map.entry("seventy", 70), Map.entry("eighty", 80), Map.entry("ninety", 90), Map.entry("один", 1),
            Map.entry("одна", 1), Map.entry("одну", 1), Map.entry("два", 2), Map.entry("две", 2), Map.entry("три", 3),
            Map.entry("четыре", 4), Map.entry("пять", 5), Map.entry("шесть", 6), Map.entry("семь", 7),
            Map.entry("восемь", 8), Map.entry("девять", 9), Map.entry("десять", 10), Map.entry("пятнадцать", 15),
            Map.entry("двадцать", 20), Map.entry("тридцать", 30), Map.entry("сорок", 40), Map.entry("пятьдесят", 50),
            Map.entry("шестьдесят", 60), Map.entry("семьдесят", 70), Map.entry("восемьдесят", 80),
            Map.entry("девяносто", 90), Map.entry("сто", 100), Map.entry("двести", 200), Map.entry("триста", 300),
            Map.entry("четыреста", 400), Map.entry("пятьсот", 500), Map.entry("шестьсот", 600),
            Map.entry("семьсот", 700), Map.entry("восемьсот", 800), Map.entry("девятьсот", 900), Map.entry("пару", 2),
            Map.entry("пара", 2), Map.entry("двух", 2), Map.entry("трех", 3), Map.entry("четырех", 4),
            Map.entry("пяти", 5), Map.entry("шести", 6), Map.entry("семи", 7), Map.entry("восьми", 8),
            Map.entry("девяти", 9), Map.entry("десяти", 10), Map.entry("одной", 1));

    /** The value of an English or Russian number word below a thousand, or -1. */
    static int small(String word) {
        return SMALL.getOrDefault(word, -1);
    }

    /** Whether a word multiplies by a thousand (thousand, тысяча, тысячи, тыс, тыщ…). */
    static boolean thousand(String word) {
        return word.equals("thousand") || word.equals("grand") || word.startsWith("тысяч") || word.equals("тыс")
                || word.startsWith("тыщ");
    }

    /** Whether a word is "one and a half" (полтора, полторы). */
    static boolean oneAndAHalf(String word) {
        return word.startsWith("полтор");
    }

    static int cjkDigit(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '一' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> -1;
        };
    }

    static long cjkUnit(char c) {
        return switch (c) {
            case '十' -> 10;
            case '百' -> 100;
            case '千' -> 1000;
            case '万' -> 10_000;
            case '亿' -> 100_000_000;
            default -> 0;
        };
    }

    /**
     * A Chinese numeral run.
     *
     * @return {value, lower value of a "两三千" pair or -1, 1 when the run has a unit character else 0}
     */
    static long[] cjk(String run) {
        long total = 0;
        long section = 0;
        long digit = -1;
        long pairLow = -1;
        long lastUnit = 0;
        boolean unitSeen = false;
        boolean zero = false;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            int d = cjkDigit(c);
            if (d == 0) {
                zero = true;
                digit = -1;
                continue;
            }
            if (d > 0) {
                if (digit > 0 && d == digit + 1) {
                    pairLow = digit;
                }
                digit = d;
                continue;
            }
            long unit = cjkUnit(c);
            unitSeen = true;
            zero = false;
            if (unit >= 10_000) {
                section += Math.max(digit, 0);
                total = (total + (section == 0 ? 1 : section)) * unit;
                if (pairLow > 0) {
                    pairLow = pairLow * unit;
                }
                section = 0;
            } else {
                long d0 = digit < 0 ? 1 : digit;
                section += d0 * unit;
                if (pairLow > 0 && pairLow < 10) {
                    pairLow = pairLow * unit;
                }
            }
            lastUnit = unit;
            digit = -1;
        }
        if (digit > 0) {
            section += !zero && lastUnit >= 10 ? digit * lastUnit / 10 : digit;
        }
        total += section;
        return new long[] { total, pairLow > 9 ? pairLow : -1, unitSeen ? 1 : 0 };
    }

    static BigDecimal decimal(long value) {
        return BigDecimal.valueOf(value);
    }
}
