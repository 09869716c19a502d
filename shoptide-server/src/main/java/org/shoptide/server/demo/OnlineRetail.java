package org.shoptide.server.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.importer.Csv;
import org.tukaani.xz.XZInputStream;

/**
 * Loads the UCI Online Retail data set (CC BY 4.0; Chen, D. (2015). Online Retail [Dataset]. UCI Machine Learning
 * Repository, https://doi.org/10.24432/C5BW33) into a shop.
 * <ul>
 * <li>Catalog: one item per StockCode that starts with a digit (the others are postage, fees and adjustments); title =
 * the most frequent Description, price = the last positive UnitPrice, currency GBP, category from {@link #CATEGORIES}.
 * <li>Events: rows with a CustomerID, an invoice not starting with C (cancellation) or A (adjustment), Quantity &gt; 0
 * and UnitPrice &gt; 0, grouped per invoice into one {@code purchase} event (orderId = InvoiceNo, userId = CustomerID,
 * timestamp from InvoiceDate in Europe/London) with one line item per product (quantities of repeated lines summed).
 * Client event id {@code uci:<InvoiceNo>}, so loading twice stores nothing twice.
 * <li>Time: the data is from 2010-2011, but the engine rejects events older than a year and decays trending and
 * popularity from now. So the invoice dates are mapped linearly (order and relative spacing kept) onto the
 * {@link #SPAN} that ends at load time; the original date is kept in the event property {@code invoiceDate}.
 * </ul>
 */
public final class OnlineRetail {
    /** The data set shipped in the server jar. */
    public static final String RESOURCE = "/demo/online_retail.csv.xz";
    public static final String CURRENCY = "GBP";
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** The period the data set's 373 days are mapped onto, ending at load time. */
    public static final Duration SPAN = Duration.ofDays(330);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Keyword → category, first match wins; a keyword matches at the start of a word of the upper-case description
     * ("BAG" matches "BAGS", not "HANDBAG"). No match: "Other".
     */
    public static final Map<String, String> CATEGORIES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of("CHRISTMAS", "XMAS", "ADVENT", "SNOWFLAKE", "REINDEER")) {
            m.put(k, "Christmas");
        }
        for (String k : List.of("CANDLE", "T-LIGHT", "TEALIGHT", "TLIGHT")) {
            m.put(k, "Candles");
        }
        for (String k : List.of("LIGHT", "LANTERN", "LAMP")) {
            m.put(k, "Lighting");
        }
        m.put("BAG", "Bags");
        for (String k : List.of("MUG", "CUP", "BEAKER")) {
            m.put(k, "Mugs & Cups");
        }
        for (String k : List.of("CARD", "WRAP", "PAPER", "NOTEBOOK", "STICKER", "ENVELOPE", "PENCIL", "PEN ")) {
            m.put(k, "Cards & Stationery");
        }
        for (String k : List.of("TEA", "CAKE", "BAKING", "PLATE", "BOWL", "SPOON", "JAR", "TIN", "LUNCH", "NAPKIN",
                "KITCHEN", "BOTTLE")) {
            m.put(k, "Kitchen");
        }
        m.put("HEART", "Hearts");
        for (String k : List.of("VINTAGE", "RETRO", "ANTIQUE")) {
            m.put(k, "Vintage");
        }
        for (String k : List.of("GARDEN", "PLANT", "FLOWER", "BIRD")) {
            m.put(k, "Garden");
        }
        for (String k : List.of("FRAME", "CLOCK", "SIGN", "MIRROR", "CUSHION", "DOORSTOP", "HOOK", "HANGER",
                "DECORATION")) {
            m.put(k, "Home Decor");
        }
        for (String k : List.of("TOY", "GAME", "PUZZLE", "DOLL", "SPACEBOY", "DOMINOES")) {
            m.put(k, "Toys & Games");
        }
        for (String k : List.of("NECKLACE", "BRACELET", "EARRINGS", "RING ")) {
            m.put(k, "Jewellery");
        }
        CATEGORIES = Collections.unmodifiableMap(m);
    }

    private static final List<Map.Entry<Pattern, String>> MATCHERS = CATEGORIES.entrySet().stream()
            .map(e -> Map.entry(Pattern.compile("(^|[^A-Z])" + Pattern.quote(e.getKey())), e.getValue())).toList();

    /** What a load produced. */
    public record Summary(int items, int purchases, int customers, long rowsRead, int accepted, int duplicates) {
    }

    private OnlineRetail() {
    }

    public static String categoryOf(String description) {
        if (description == null) {
            return "Other";
        }
        String d = description.toUpperCase(Locale.ROOT);
        for (Map.Entry<Pattern, String> m : MATCHERS) {
            if (m.getKey().matcher(d).find()) {
                return m.getValue();
            }
        }
        return "Other";
    }

    /** Opens the shipped, xz-compressed data set. */
    public static InputStream openShipped() throws IOException {
        InputStream in = OnlineRetail.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the demo data set " + RESOURCE + " is missing from the classpath");
        }
        return new XZInputStream(in);
    }

    /** Reads the CSV (plain, uncompressed) and writes catalog and purchases of it to {@code shop}. */
    public static Summary load(Engine engine, ShopId shop, InputStream csv, Instant now) throws IOException {
        Map<String, Map<String, Integer>> descriptions = new HashMap<>();
        Map<String, Double> lastPrice = new HashMap<>();
        Map<String, Invoice> invoices = new LinkedHashMap<>();
        long rows = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8), 1 << 16);
        Csv parser = new Csv(reader);
        List<String> header = parser.next();
        if (header == null || header.size() < 7 || !header.get(0).equals("InvoiceNo")) {
            throw new IOException("not the Online Retail CSV (expected header InvoiceNo,StockCode,...), got " + header);
        }
        List<String> f;
        while ((f = parser.next()) != null) {
            if (f.size() < 7) {
                continue;
            }
            rows++;
            String invoiceNo = f.get(0).trim();
            String code = f.get(1).trim();
            if (code.isEmpty() || !Character.isDigit(code.charAt(0))) {
                continue; // POST, DOT, M, BANK CHARGES, AMAZONFEE, ...
            }
            String description = f.get(2).trim();
            int quantity;
            double price;
            try {
                quantity = Integer.parseInt(f.get(3).trim());
                price = Double.parseDouble(f.get(5).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!description.isEmpty()) {
                descriptions.computeIfAbsent(code, c -> new HashMap<>()).merge(description, 1, Integer::sum);
            }
            if (price > 0) {
                lastPrice.put(code, price);
            }
            String customer = f.get(6).trim();
            if (customer.isEmpty() || invoiceNo.startsWith("C") || invoiceNo.startsWith("A") || quantity <= 0
                    || price <= 0) {
                continue;
            }
            Instant ts;
            try {
                ts = LocalDateTime.parse(f.get(4).trim(), DATE).atZone(ZONE).toInstant();
            } catch (DateTimeParseException e) {
                continue;
            }
            Invoice inv = invoices.computeIfAbsent(invoiceNo, k -> new Invoice(customer, ts));
            inv.lines.merge(code, new double[] { price, quantity }, (a, b) -> new double[] { a[0], a[1] + b[1] });
        }

        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : new TreeMap<>(descriptions).entrySet()) {
            Comparator<Map.Entry<String, Integer>> byCountThenName = Map.Entry.<String, Integer> comparingByValue()
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
            String title = e.getValue().entrySet().stream().max(byCountThenName).map(Map.Entry::getKey)
                    .orElse(e.getKey());
            items.add(new Item(e.getKey(), title, null, lastPrice.get(e.getKey()), CURRENCY, null,
                    List.of(categoryOf(title)), Map.of("stockCode", e.getKey()), List.of(), true, null, null));
        }
        for (int i = 0; i < items.size(); i += 5000) {
            engine.upsertItems(shop, items.subList(i, Math.min(items.size(), i + 5000)), Engine.SOURCE_IMPORT);
        }

        Instant first = invoices.values().stream().map(i -> i.ts).min(Instant::compareTo).orElse(now);
        Instant last = invoices.values().stream().map(i -> i.ts).max(Instant::compareTo).orElse(now);
        Instant end = now.minusSeconds(60);
        Instant start = end.minus(SPAN);
        double scale = last.equals(first) ? 0 : (double) SPAN.toSeconds() / Duration.between(first, last).toSeconds();
        List<Event> events = new ArrayList<>(invoices.size());
        Set<String> customers = new HashSet<>();
        for (Map.Entry<String, Invoice> e : invoices.entrySet()) {
            Invoice inv = e.getValue();
            customers.add(inv.customer);
            List<LineItem> lines = new ArrayList<>(inv.lines.size());
            inv.lines.forEach((code, pq) -> lines.add(new LineItem(code, pq[0], (int) pq[1], CURRENCY)));
            Instant ts = last.equals(first) ? end
                    : start.plusSeconds(Math.round(Duration.between(first, inv.ts).toSeconds() * scale));
            events.add(new Event("uci:" + e.getKey(), EventType.PURCHASE, null, inv.customer, null, null, ts, null,
                    null, null, e.getKey(), lines, null, null,
                    Map.of("invoiceDate", inv.ts.atZone(ZONE).toLocalDateTime().toString())));
        }
        events.sort(Comparator.comparing(Event::timestamp));
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < events.size(); i += Engine.MAX_BATCH) {
            var r = engine.ingest(shop, events.subList(i, Math.min(events.size(), i + Engine.MAX_BATCH)));
            accepted += r.accepted();
            duplicates += r.duplicates();
        }
        return new Summary(items.size(), events.size(), customers.size(), rows, accepted, duplicates);
    }

    private static final class Invoice {
        final String customer;
        final Instant ts;
        final Map<String, double[]> lines = new LinkedHashMap<>();

        Invoice(String customer, Instant ts) {
            this.customer = customer;
            this.ts = ts;
        }
    }
}
