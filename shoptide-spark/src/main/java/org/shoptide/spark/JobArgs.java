package org.shoptide.spark;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's command line. Every option is {@code --name value}; unknown or repeated single options are errors.
 *
 * <pre>
 * --lake DIR              lake root (its events/shop=ID/day=.../part-N.parquet files)       required
 * --shop ID               the shop                                                          required
 * --out DIR               where the factor interchange is written (created; must be empty)  required
 * --from ISO-INSTANT      only events at or after (default: all)
 * --until ISO-INSTANT     only events before (default: all)
 * --master URL            Spark master (default local[2])
 * --rank N --iterations N --lambda X --alpha X --seed N --blocks N   implicit ALS (defaults 64, 15, 0.5, 1, 42, 10)
 * --weight TYPE=W         weight of a built-in event type (repeatable; missing types weigh 0)
 * --custom-weight NAME=W  weight of a custom event type (repeatable)
 * --rate-neutral X --rate-per-point X   rating weight (value − neutral) · perPoint (defaults 2.5, 1)
 * --line-quantity-cap N   quantity cap of purchase and refund lines (default 3)
 * --aliases FILE          TSV of "anonymousId TAB userId": anonymous events of merged visitors count for the user
 * </pre>
 */
record JobArgs(Path lake, String shop, Path out, Long fromMillis, Long untilMillis, String master, int rank,
        int iterations, double lambda, double alpha, long seed, int blocks, Map<String, Double> weights,
        Map<String, Double> customWeights, double rateNeutral, double ratePerPoint, int lineQuantityCap, Path aliases) {

    /** A usage error: the message says what to fix. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static JobArgs parse(String[] args) throws UsageException {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> custom = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k += 2) {
            String name = args[k];
            if (!name.startsWith("--")) {
                throw new UsageException("expected an option (--name value), got '" + name + "'");
            }
            if (k + 1 >= args.length) {
                throw new UsageException("option " + name + " needs a value");
            }
            String value = args[k + 1];
            switch (name) {
                case "--weight" -> pair(name, value, weights);
                case "--custom-weight" -> pair(name, value, custom);
                case "--lake", "--shop", "--out", "--from", "--until", "--master", "--rank", "--iterations", "--lambda",
                        "--alpha", "--seed", "--blocks", "--rate-neutral", "--rate-per-point", "--line-quantity-cap",
                        "--aliases" -> {
                    if (single.put(name, value) != null) {
                        throw new UsageException("option " + name + " given twice");
                    }
                }
                default -> throw new UsageException("unknown option " + name);
            }
        }
        String lake = required(single, "--lake");
        String shop = required(single, "--shop");
        if (!shop.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new UsageException("--shop must be a shop id (a-z, 0-9, '-', '_'), got '" + shop + "'");
        }
        String out = required(single, "--out");
        Long from = instant(single.get("--from"), "--from");
        Long until = instant(single.get("--until"), "--until");
        if (from != null && until != null && from >= until) {
            throw new UsageException("--from must be before --until");
        }
        int rank = integer(single, "--rank", 64, 1, 1024);
        int iterations = integer(single, "--iterations", 15, 1, 10_000);
        double lambda = number(single, "--lambda", 0.5);
        double alpha = number(single, "--alpha", 1);
        if (lambda < 0 || alpha < 0) {
            throw new UsageException("--lambda and --alpha must be >= 0");
        }
        long seed;
        try {
            seed = Long.parseLong(single.getOrDefault("--seed", "42"));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be an integer");
        }
        int blocks = integer(single, "--blocks", 10, 1, 10_000);
        int cap = integer(single, "--line-quantity-cap", 3, 1, Integer.MAX_VALUE);
        String aliases = single.get("--aliases");
        return new JobArgs(Path.of(lake), shop, Path.of(out), from, until, single.getOrDefault("--master", "local[2]"),
                rank, iterations, lambda, alpha, seed, blocks, Collections.unmodifiableMap(weights),
                Collections.unmodifiableMap(custom), number(single, "--rate-neutral", 2.5),
                number(single, "--rate-per-point", 1), cap, aliases == null ? null : Path.of(aliases));
    }

    private static void pair(String option, String value, Map<String, Double> into) throws UsageException {
        int eq = value.lastIndexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new UsageException(option + " takes NAME=WEIGHT, got '" + value + "'");
        }
        double w;
        try {
            w = Double.parseDouble(value.substring(eq + 1));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + value + ": the weight is not a number");
        }
        if (!Double.isFinite(w)) {
            throw new UsageException(option + " " + value + ": the weight must be finite");
        }
        if (into.put(value.substring(0, eq), w) != null) {
            throw new UsageException(option + " names '" + value.substring(0, eq) + "' twice");
        }
    }

    private static String required(Map<String, String> m, String name) throws UsageException {
        String v = m.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing required option " + name);
        }
        return v;
    }

    private static Long instant(String v, String name) throws UsageException {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, got '" + v + "'");
        }
    }

    private static int integer(Map<String, String> m, String name, int dflt, int min, int max) throws UsageException {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException(name + " must be in " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static double number(Map<String, String> m, String name, double dflt) throws UsageException {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a finite number, got '" + v + "'");
        }
    }
}
