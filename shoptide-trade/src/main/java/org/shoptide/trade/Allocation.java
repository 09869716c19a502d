package org.shoptide.trade;

import java.util.List;

/**
 * Splits an amount over order lines in proportion to their totals by the largest-remainder (Hamilton) method, so the
 * shares are whole minor units and add up exactly to the amount. Used for a partial refund's share of each line (budget
 * ledger and refund event).
 */
final class Allocation {
    private Allocation() {
    }

    /** Shares of {@code amount} (0 <= amount <= sum of totals) for lines with {@code totals}. */
    static long[] split(List<Long> totals, long amount) {
        long sum = 0;
        for (long t : totals) {
            sum = Math.addExact(sum, t);
        }
        long[] shares = new long[totals.size()];
        if (sum == 0) {
            return shares;
        }
        long given = 0;
        long[] remainders = new long[totals.size()];
        for (int i = 0; i < shares.length; i++) {
            // amount * total / sum without overflow for realistic amounts: both below 2^53 in practice, checked
            long product = Math.multiplyExact(amount, totals.get(i));
            shares[i] = product / sum;
            remainders[i] = product % sum;
            given += shares[i];
        }
        for (long left = amount - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
        }
        return shares;
    }
}
