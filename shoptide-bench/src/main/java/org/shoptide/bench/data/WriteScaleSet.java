package org.shoptide.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.shoptide.core.event.EventType;
import org.shoptide.testing.synthetic.SyntheticShop;

/**
 * Writes the seeded serving-scale set of issue 4 (target 4) as files for {@code shoptide import}: {@code items.csv} and
 * {@code events-NN.csv} (one file per {@code --events-per-file} events, so the all-or-nothing importer holds one file
 * at a time in memory). Default shape: 100,000 items, 1,000,000 users, 10,000,000 events from {@link SyntheticShop}
 * (Zipf item popularity, users with one to three favourite categories). A purchase line becomes one {@code purchase}
 * row. Events span the 29 days before the start of the current UTC day, so they pass the engine's maximum event age;
 * the content (users, items, order of events) depends only on the seed and the sizes.
 *
 * <pre>
 * java -cp shoptide-bench/target/benchmarks.jar org.shoptide.bench.data.WriteScaleSet --out DIR
 *     [--items 100000] [--users 1000000] [--events 10000000] [--events-per-file 1000000] [--seed 20240601]
 * </pre>
 */
public final class WriteScaleSet {
    private WriteScaleSet() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int items = 100_000;
        int users = 1_000_000;
        long events = 10_000_000L;
        long perFile = 1_000_000L;
        long seed = BenchData.SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--events-per-file" -> perFile = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Files.createDirectories(out);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(29));
        int categories = Math.max(10, items / 200);
        SyntheticShop shop = SyntheticShop
                .generate(SyntheticShop.Config.of(seed, users, items, categories, Math.max(10, items / 50), events)
                        .withTime(start, Duration.ofDays(29)));
        long t0 = System.nanoTime();
        writeItems(shop, out.resolve("items.csv"));
        long written = writeEvents(shop, out, perFile);
        System.out.printf(Locale.ROOT, "wrote %,d items and %,d event rows (%,d users) to %s in %.1f s%n",
                shop.itemCount(), written, shop.userCount(), out, (System.nanoTime() - t0) / 1e9);
    }

    static void writeItems(SyntheticShop shop, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,title,price,currency,category\n");
            for (int i = 0; i < shop.itemCount(); i++) {
                int c = shop.categoryOf(i);
                w.write(shop.itemId(i) + ",Item " + i + " (" + shop.categoryName(c) + ")," + price(shop.price(i))
                        + ",EUR," + String.join(" > ", shop.categoryPath(c)) + "\n");
            }
        }
    }

    static long writeEvents(SyntheticShop shop, Path dir, long perFile) throws IOException {
        String[] userIds = shop.userIds();
        String[] itemIds = shop.itemIds();
        long[] count = { 0 };
        BufferedWriter[] w = { null };
        IOException[] failure = { null };
        StringBuilder line = new StringBuilder(96);
        shop.forEachInteraction((user, item, type, quantity, millis) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                if (count[0] % perFile == 0) {
                    if (w[0] != null) {
                        w[0].close();
                    }
                    Path f = dir.resolve(String.format(Locale.ROOT, "events-%02d.csv", count[0] / perFile));
                    w[0] = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                    w[0].write("type,userId,itemId,timestamp,price,quantity,currency,orderId\n");
                }
                line.setLength(0);
                line.append(switch (type) {
                    case VIEW -> "view";
                    case ADD_TO_CART -> "add_to_cart";
                    case PURCHASE -> "purchase";
                    default -> throw new IllegalStateException("unexpected " + type);
                }).append(',').append(userIds[user]).append(',').append(itemIds[item]).append(',')
                        .append(Instant.ofEpochMilli(millis));
                if (type == EventType.PURCHASE) {
                    line.append(',').append(price(shop.price(item))).append(',').append(quantity).append(",EUR,o")
                            .append(count[0]).append('\n');
                } else {
                    line.append(",,,,\n");
                }
                w[0].append(line);
                count[0]++;
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (w[0] != null) {
            w[0].close();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return count[0];
    }

    private static String price(double p) {
        return String.format(Locale.ROOT, "%.2f", p);
    }
}
