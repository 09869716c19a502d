package org.shoptide.core.stats;

/**
 * Distinct-count sketch: HyperLogLog (Flajolet, Fusy, Gandouet, Meunier, "HyperLogLog: the analysis of a near-optimal
 * cardinality estimation algorithm", 2007) with the small-range correction of that paper (linear counting while many
 * registers are empty). {@code 2^p} one-byte registers; the standard error is about {@code 1.04 / sqrt(2^p)} (1.6% at p
 * = 12, 4 KiB). Callers hash their values to 64 bits themselves. Not thread-safe.
 */
public final class HyperLogLog {
    private final int p;
    private final byte[] registers;

    /**
     * @param p
     *            precision, 4 to 16
     */
    public HyperLogLog(int p) {
        if (p < 4 || p > 16) {
            throw new IllegalArgumentException("precision must be 4 to 16");
        }
        this.p = p;
        this.registers = new byte[1 << p];
    }

    /** Adds a value by its 64-bit hash (well mixed: use {@link #hash(String)} for strings). */
    public void add(long hash) {
        int index = (int) (hash >>> (64 - p));
        long rest = hash << p;
        int rank = rest == 0 ? 64 - p + 1 : Long.numberOfLeadingZeros(rest) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** The estimated number of distinct values added. */
    public long estimate() {
        int m = registers.length;
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = switch (m) {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1 + 1.079 / m);
        };
        double e = alpha * m * (double) m / sum;
        if (e <= 2.5 * m && zeros > 0) {
            e = m * Math.log((double) m / zeros);
        }
        return Math.round(e);
    }

    /** A 64-bit hash of a string's code units (FNV-1a, then MurmurHash3's finalizer to spread the bits). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53b94cbL;
        h ^= h >>> 33;
        return h;
    }
}
