package org.shoptide.eval.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.event.EventType;

/**
 * Loads purchase logs in the layout of the UCI Online Retail data set (Chen, Sain &amp; Guo 2012; UCI id 352): a CSV
 * file with the header {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}, RFC
 * 4180 quoting, plain or xz-compressed.
 * <p>
 * <b>Cleaning</b> (each dropped row is counted under the first rule it breaks, in this order):
 * <ol>
 * <li>no {@code CustomerID}: the purchase cannot be attributed ({@code droppedNoCustomer});
 * <li>{@code InvoiceNo} starting with {@code C}: a cancellation ({@code droppedCancellation});
 * <li>{@code InvoiceNo} starting with {@code A}: a bad-debt adjustment ({@code droppedAdjustment});
 * <li>{@code Quantity <= 0} ({@code droppedQuantity}) or {@code UnitPrice <= 0} ({@code droppedPrice});
 * <li>a {@code StockCode} not starting with a digit: postage, fees, manual entries ({@code POST}, {@code DOT},
 * {@code M}, {@code BANK CHARGES}, {@code AMAZONFEE}, ...) are not products ({@code droppedNonProduct}).
 * </ol>
 * Cancellations are dropped rather than netted against earlier purchases: the cancelled invoice is usually not
 * identifiable, and the product was wanted when ordered. Kept rows of the same invoice and stock code are merged into
 * one line (quantities summed, the first price kept), as the demo loader does; each line becomes a {@code purchase} row
 * of the invoice's customer, weighted as the server weighs a purchase line (type weight times the quantity capped at
 * 3), with the invoice as its basket. An item's title is its most frequent description (ties: the alphabetically
 * first).
 * <p>
 * <b>Values.</b> {@code InvoiceDate} has no zone and is read as UTC, so that a cut date means midnight of that date on
 * the file's own clock; accepted forms are {@code yyyy-MM-dd HH:mm[:ss]}, ISO {@code yyyy-MM-ddTHH:mm[:ss]} and the
 * spreadsheet export {@code M/d/yyyy H:mm}. {@code CustomerID} may be written as a float ({@code 17850.0}). A row whose
 * number or date does not parse, or with other than 8 fields, is an error with its line number; then nothing is loaded.
 */
public final class UciRetail {
    public static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
            "InvoiceDate", "UnitPrice", "CustomerID", "Country");
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"), DateTimeFormatter.ofPattern("M/d/yyyy H:mm"),
            DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss"));

    private UciRetail() {
    }

    /** One merged invoice line. */
    private static final class Line {
        final String invoice;
        final String customer;
        final String code;
        final long time;
        final double price;
        int quantity;

        Line(String invoice, String customer, String code, long time, double price, int quantity) {
            this.invoice = invoice;
            this.customer = customer;
            this.code = code;
            this.time = time;
            this.price = price;
            this.quantity = quantity;
        }
    }

    public static Interactions load(Path path, ProductionWeights weights) throws IOException {
        DatasetException.Collector problems = new DatasetException.Collector(path.toString());
        Map<String, Long> c = new LinkedHashMap<>();
        for (String k : List.of("rows", "droppedNoCustomer", "droppedCancellation", "droppedAdjustment",
                "droppedQuantity", "droppedPrice", "droppedNonProduct", "keptRows", "lines")) {
            c.put(k, 0L);
        }
        Map<String, Line> lines = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> descriptions = new HashMap<>();
        String[] sums;
        try (Source src = Source.open(path)) {
            CsvRecords csv = new CsvRecords(src.reader());
            List<String> header;
            try {
                header = csv.next();
            } catch (IllegalArgumentException e) {
                problems.add(1, e.getMessage());
                problems.throwIfAny();
                return null;
            }
            if (header == null || header.size() != HEADER.size()
                    || !header.stream().map(String::strip).toList().equals(HEADER)) {
                problems.add(1, "expected the header " + String.join(",", HEADER) + ", got "
                        + (header == null ? "an empty file" : String.join(",", header)));
                problems.throwIfAny();
            }
            List<String> f;
            while (true) {
                try {
                    f = csv.next();
                } catch (IllegalArgumentException e) {
                    problems.add(csv.recordLine(), e.getMessage());
                    break;
                }
                if (f == null) {
                    break;
                }
                long line = csv.recordLine();
                if (f.size() == 1 && f.get(0).isBlank()) {
                    continue;
                }
                c.merge("rows", 1L, Long::sum);
                if (f.size() != HEADER.size()) {
                    problems.add(line, "expected " + HEADER.size() + " fields, got " + f.size());
                    continue;
                }
                String invoice = f.get(0).strip();
                String code = f.get(1).strip();
                String description = f.get(2).strip();
                String customer = customer(f.get(6).strip());
                int quantity;
                double price;
                long time;
                try {
                    quantity = Integer.parseInt(f.get(3).strip());
                } catch (NumberFormatException e) {
                    problems.add(line, "Quantity is not an integer: '" + f.get(3) + "'");
                    continue;
                }
                try {
                    price = Double.parseDouble(f.get(5).strip());
                } catch (NumberFormatException e) {
                    problems.add(line, "UnitPrice is not a number: '" + f.get(5) + "'");
                    continue;
                }
                if (!Double.isFinite(price)) {
                    problems.add(line, "UnitPrice is not finite: '" + f.get(5) + "'");
                    continue;
                }
                time = parseTime(f.get(4).strip());
                if (time == Long.MIN_VALUE) {
                    problems.add(line, "InvoiceDate is not a date-time (yyyy-MM-dd HH:mm[:ss] or M/d/yyyy H:mm): '"
                            + f.get(4) + "'");
                    continue;
                }
                if (invoice.isEmpty() || code.isEmpty()) {
                    problems.add(line, invoice.isEmpty() ? "InvoiceNo is empty" : "StockCode is empty");
                    continue;
                }
                if (problems.any()) {
                    continue;
                }
                boolean product = Character.isDigit(code.charAt(0));
                if (product && !description.isEmpty()) {
                    descriptions.computeIfAbsent(code, k -> new HashMap<>()).merge(description, 1, Integer::sum);
                }
                String drop = customer.isEmpty() ? "droppedNoCustomer"
                        : invoice.startsWith("C") ? "droppedCancellation"
                                : invoice.startsWith("A") ? "droppedAdjustment"
                                        : quantity <= 0 ? "droppedQuantity"
                                                : price <= 0 ? "droppedPrice" : !product ? "droppedNonProduct" : null;
                if (drop != null) {
                    c.merge(drop, 1L, Long::sum);
                    continue;
                }
                c.merge("keptRows", 1L, Long::sum);
                String key = invoice + '\u0000' + code;
                Line existing = lines.get(key);
                if (existing != null) {
                    existing.quantity += quantity;
                } else {
                    lines.put(key, new Line(invoice, customer, code, time, price, quantity));
                }
            }
            problems.throwIfAny();
            sums = src.checksums();
        }
        c.put("lines", (long) lines.size());
        Interactions.Builder b = new Interactions.Builder(
                new Interactions.Provenance("uci", path.toString(), sums[0], sums[1], Files.size(path), true, c));
        for (Line l : lines.values()) {
            b.add(l.customer, l.code, EventType.PURCHASE, weights.weight(EventType.PURCHASE, Double.NaN, l.quantity),
                    l.time, l.quantity, l.price, Float.NaN, l.invoice);
        }
        descriptions.forEach((code, counts) -> {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            b.title(code, best);
        });
        return b.build();
    }

    /** The customer id without a float suffix ({@code 17850.0} → {@code 17850}); empty when missing. */
    static String customer(String raw) {
        if (raw.endsWith(".0")) {
            return raw.substring(0, raw.length() - 2);
        }
        return raw.equalsIgnoreCase("nan") ? "" : raw;
    }

    /** Epoch ms of a zone-less date-time read as UTC, or {@code Long.MIN_VALUE} when no accepted form parses. */
    static long parseTime(String s) {
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDateTime.parse(s, f.withLocale(Locale.ROOT)).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Long.MIN_VALUE;
    }
}
