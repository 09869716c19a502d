package org.shoptide.eval.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.shoptide.core.event.EventType;

/**
 * A dataset loaded for evaluation: one row per interaction, column-wise, in the order the file gave them. User and item
 * ids are interned to dense indexes in order of first appearance. Every loader produces this shape, so protocols,
 * metrics and reports never depend on the file format.
 * <p>
 * Per row: user, item, event type, implicit weight (the production weight of that event, see
 * {@link ProductionWeights}), time (epoch ms; synthetic for formats without timestamps, see {@link Provenance}),
 * quantity, unit price ({@code NaN} when unknown), rating value ({@code NaN} unless a rating) and basket (index of the
 * order or invoice the row belongs to, {@code -1} when none). Immutable.
 */
public final class Interactions {

    /**
     * Where the rows came from.
     *
     * @param format
     *            loader name ({@code sasrec}, {@code s3rec}, {@code uci}, {@code events})
     * @param path
     *            the file as given
     * @param sha256
     *            hex SHA-256 of the file's bytes as stored (compressed when the file is {@code .xz})
     * @param contentSha256
     *            hex SHA-256 of the decompressed content (equal to {@code sha256} for plain files)
     * @param bytes
     *            size of the file
     * @param realTimestamps
     *            false when the format has no timestamps and the loader made synthetic ones that only keep each user's
     *            order (then a temporal split is meaningless)
     * @param cleaning
     *            counters of what the loader read, kept and dropped (and why), in reading order
     */
    public record Provenance(String format, String path, String sha256, String contentSha256, long bytes,
            boolean realTimestamps, Map<String, Long> cleaning) {
        public Provenance {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(path, "path");
            cleaning = Collections.unmodifiableMap(new LinkedHashMap<>(cleaning));
        }
    }

    private final Provenance provenance;
    private final String[] userIds;
    private final String[] itemIds;
    private final String[] itemTitles;
    private final String[] basketIds;
    private final int[] user;
    private final int[] item;
    private final byte[] type;
    private final float[] weight;
    private final long[] time;
    private final int[] quantity;
    private final double[] price;
    private final float[] value;
    private final int[] basket;

    private Interactions(Provenance provenance, String[] userIds, String[] itemIds, String[] itemTitles,
            String[] basketIds, int[] user, int[] item, byte[] type, float[] weight, long[] time, int[] quantity,
            double[] price, float[] value, int[] basket) {
        this.provenance = provenance;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.itemTitles = itemTitles;
        this.basketIds = basketIds;
        this.user = user;
        this.item = item;
        this.type = type;
        this.weight = weight;
        this.time = time;
        this.quantity = quantity;
        this.price = price;
        this.value = value;
        this.basket = basket;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** Number of rows. */
    public int size() {
        return user.length;
    }

    public int userCount() {
        return userIds.length;
    }

    public int itemCount() {
        return itemIds.length;
    }

    public String userId(int u) {
        return userIds[u];
    }

    public String itemId(int i) {
        return itemIds[i];
    }

    /** The item's title when the file has one (e.g. the UCI description), else null. */
    public String itemTitle(int i) {
        return itemTitles[i];
    }

    /** The order id of a basket index. */
    public String basketId(int b) {
        return basketIds[b];
    }

    public int user(int row) {
        return user[row];
    }

    public int item(int row) {
        return item[row];
    }

    public EventType type(int row) {
        return EventType.fromCode(type[row]);
    }

    public float weight(int row) {
        return weight[row];
    }

    public long time(int row) {
        return time[row];
    }

    public int quantity(int row) {
        return quantity[row];
    }

    public double price(int row) {
        return price[row];
    }

    public float value(int row) {
        return value[row];
    }

    public int basket(int row) {
        return basket[row];
    }

    /** Smallest and largest row time, or {0, 0} when empty. */
    public long[] timeRange() {
        if (time.length == 0) {
            return new long[] { 0, 0 };
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long t : time) {
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        return new long[] { lo, hi };
    }

    /**
     * Row indexes sorted by (time, row): the chronological order, ties kept in file order. Protocols and training feed
     * rows in this order, so dense indexes are reproducible.
     */
    public int[] chronological() {
        Integer[] boxed = new Integer[size()];
        for (int r = 0; r < boxed.length; r++) {
            boxed[r] = r;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(time[a], time[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[boxed.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = boxed[r];
        }
        return out;
    }

    /**
     * A slice: the rows of {@code n} users drawn uniformly without replacement with a seeded generator (all users when
     * {@code n >= userCount()}). Items keep only those the slice still uses; ids and row order are kept. The cleaning
     * counters gain {@code sampledUsers}.
     */
    public Interactions sampleUsers(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("the user sample size must be >= 1, got " + n);
        }
        if (n >= userCount()) {
            return this;
        }
        int[] order = new int[userCount()];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) { // partial Fisher-Yates
            int j = k + rnd.nextInt(order.length - k);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        boolean[] keep = new boolean[userCount()];
        for (int k = 0; k < n; k++) {
            keep[order[k]] = true;
        }
        Map<String, Long> cleaning = new LinkedHashMap<>(provenance.cleaning());
        cleaning.put("sampledUsers", (long) n);
        Builder b = new Builder(new Provenance(provenance.format(), provenance.path(), provenance.sha256(),
                provenance.contentSha256(), provenance.bytes(), provenance.realTimestamps(), cleaning));
        for (int r = 0; r < size(); r++) {
            if (keep[user[r]]) {
                b.add(userIds[user[r]], itemIds[item[r]], type(r), weight[r], time[r], quantity[r], price[r], value[r],
                        basket[r] < 0 ? null : basketIds[basket[r]]);
                if (itemTitles[item[r]] != null) {
                    b.title(itemIds[item[r]], itemTitles[item[r]]);
                }
            }
        }
        return b.build();
    }

    /** Collects rows; ids are interned in order of first appearance. Not thread-safe. */
    public static final class Builder {
        private Provenance provenance;
        private final Map<String, Integer> users = new HashMap<>();
        private final Map<String, Integer> items = new HashMap<>();
        private final Map<String, Integer> baskets = new HashMap<>();
        private final Map<String, String> titles = new HashMap<>();
        private String[] userIds = new String[64];
        private String[] itemIds = new String[64];
        private String[] basketIds = new String[64];
        private int[] user = new int[1024];
        private int[] item = new int[1024];
        private byte[] type = new byte[1024];
        private float[] weight = new float[1024];
        private long[] time = new long[1024];
        private int[] quantity = new int[1024];
        private double[] price = new double[1024];
        private float[] value = new float[1024];
        private int[] basket = new int[1024];
        private int rows;

        public Builder(Provenance provenance) {
            this.provenance = Objects.requireNonNull(provenance, "provenance");
        }

        /** Replaces the provenance (loaders learn the checksums only after reading the whole file). */
        public Builder provenance(Provenance p) {
            this.provenance = Objects.requireNonNull(p, "provenance");
            return this;
        }

        public int rows() {
            return rows;
        }

        /** Adds one row; {@code basketId} may be null. Returns the row index. */
        public int add(String userId, String itemId, EventType eventType, float w, long epochMillis, int qty,
                double unitPrice, float ratingValue, String basketId) {
            if (!Float.isFinite(w)) {
                throw new IllegalArgumentException("weight must be finite: " + w);
            }
            if (rows == user.length) {
                int cap = rows + (rows >> 1);
                user = Arrays.copyOf(user, cap);
                item = Arrays.copyOf(item, cap);
                type = Arrays.copyOf(type, cap);
                weight = Arrays.copyOf(weight, cap);
                time = Arrays.copyOf(time, cap);
                quantity = Arrays.copyOf(quantity, cap);
                price = Arrays.copyOf(price, cap);
                value = Arrays.copyOf(value, cap);
                basket = Arrays.copyOf(basket, cap);
            }
            user[rows] = intern(users, userId, 0);
            item[rows] = intern(items, itemId, 1);
            type[rows] = (byte) eventType.code();
            weight[rows] = w;
            time[rows] = epochMillis;
            quantity[rows] = qty;
            price[rows] = unitPrice;
            value[rows] = ratingValue;
            basket[rows] = basketId == null ? -1 : intern(baskets, basketId, 2);
            return rows++;
        }

        /** Interns an item id without adding a row (fixes the dense order of a known catalog); returns its index. */
        public int item(String itemId) {
            return intern(items, itemId, 1);
        }

        /** Sets a row's time (loaders of formats without timestamps assign them after reading). */
        public void time(int row, long epochMillis) {
            Objects.checkIndex(row, rows);
            time[row] = epochMillis;
        }

        public int user(int row) {
            Objects.checkIndex(row, rows);
            return user[row];
        }

        public int userCount() {
            return users.size();
        }

        public int itemCount() {
            return items.size();
        }

        /** Records the item's title (the last call wins). */
        public void title(String itemId, String title) {
            titles.put(itemId, title);
        }

        private int intern(Map<String, Integer> index, String id, int kind) {
            Objects.requireNonNull(id, "id");
            Integer existing = index.get(id);
            if (existing != null) {
                return existing;
            }
            int n = index.size();
            switch (kind) {
                case 0 -> {
                    if (n == userIds.length) {
                        userIds = Arrays.copyOf(userIds, n * 2);
                    }
                    userIds[n] = id;
                }
                case 1 -> {
                    if (n == itemIds.length) {
                        itemIds = Arrays.copyOf(itemIds, n * 2);
                    }
                    itemIds[n] = id;
                }
                default -> {
                    if (n == basketIds.length) {
                        basketIds = Arrays.copyOf(basketIds, n * 2);
                    }
                    basketIds[n] = id;
                }
            }
            index.put(id, n);
            return n;
        }

        public Interactions build() {
            String[] it = Arrays.copyOf(itemIds, items.size());
            String[] tt = new String[it.length];
            for (int i = 0; i < it.length; i++) {
                tt[i] = titles.get(it[i]);
            }
            return new Interactions(provenance, Arrays.copyOf(userIds, users.size()), it, tt,
                    Arrays.copyOf(basketIds, baskets.size()), Arrays.copyOf(user, rows), Arrays.copyOf(item, rows),
                    Arrays.copyOf(type, rows), Arrays.copyOf(weight, rows), Arrays.copyOf(time, rows),
                    Arrays.copyOf(quantity, rows), Arrays.copyOf(price, rows), Arrays.copyOf(value, rows),
                    Arrays.copyOf(basket, rows));
        }
    }
}
