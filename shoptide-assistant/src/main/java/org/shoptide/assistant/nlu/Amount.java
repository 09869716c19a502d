package org.shoptide.assistant.nlu;

import java.math.BigDecimal;

/**
 * A number found in a message, before it is known to be money: where it is, its value, and the evidence about it.
 *
 * @param start
 *            first character (normalised text), including a currency sign written before it
 * @param end
 *            after the last character, including a multiplier or currency written after it
 * @param value
 *            the number with its multiplier applied (1.5k → 1500)
 * @param low
 *            for a Chinese "two or three thousand" (两三千): the lower value; otherwise null
 * @param raw
 *            the number as written, before a multiplier (for "от 3 до 8 тысяч", where 3 borrows the multiplier)
 * @param multiplier
 *            the multiplier written (1 when none)
 * @param currency
 *            ISO 4217 code of a currency written next to it, or null
 * @param strong
 *            written in a way only money is (with a multiplier word or a Chinese unit numeral): a budget even with no
 *            cue word
 * @param inverted
 *            Russian approximate inversion ("тысячи за две" = about two thousand)
 */
record Amount(int start, int end, BigDecimal value, BigDecimal low, BigDecimal raw, BigDecimal multiplier,
        String currency, boolean strong, boolean inverted) {

    Amount withMultiplier(BigDecimal m) {
        return new Amount(start, end, raw.multiply(m), low, raw, m, currency, true, inverted);
    }
}
