package org.shoptide.peers.spark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tukaani.xz.XZInputStream;

/**
 * A temporal split of a UCI Online Retail CSV into the harness's split files, for running this peer before (or without)
 * {@code shoptide eval export-split}, which is the canonical writer.
 * <p>
 * Cleaning, as the harness documents it: rows without a customer, invoices starting with {@code C} (cancellations) or
 * {@code A} (bad-debt adjustments), stock codes not starting with a digit (postage, fees, manual entries) and rows with
 * quantity ≤ 0 or unit price ≤ 0 are dropped. Each remaining invoice line is one interaction of weight 1 at its invoice
 * time (UTC). {@code train.tsv} holds the lines at or after {@code from} (if given) and before {@code cut};
 * {@code targets.tsv} the distinct items each customer with training lines bought at or after {@code cut} (and before
 * {@code until}, if given).
 * <p>
 * Columns: {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}; quoting as in RFC
 * 4180; dates {@code yyyy-MM-dd HH:mm[:ss]} or the spreadsheet's {@code M/d/yyyy H:mm}. A {@code .xz} file is
 * decompressed on the fly.
 */
public final class UciSplit {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

    private UciSplit() {
    }

    /** Counts of what {@link #write} kept. */
    public record Summary(long rows, long kept, long trainLines, int targetUsers, long targetPairs, String sha256) {
    }

    /** Writes {@code out/train.tsv}, {@code out/targets.tsv} and {@code out/split.json}. */
    public static Summary write(Path csv, LocalDate from, LocalDate cut, LocalDate until, Path out) {
        long fromMillis = from == null ? Long.MIN_VALUE : millis(from);
        long cutMillis = millis(cut);
        long untilMillis = until == null ? Long.MAX_VALUE : millis(until);
        if (fromMillis >= cutMillis || untilMillis <= cutMillis) {
            throw new IllegalArgumentException("need from < cut < until");
        }
        Set<String> trainedCustomers = new HashSet<>();
        Map<String, Set<String>> after = new LinkedHashMap<>();
        long rows = 0;
        long kept = 0;
        long trainLines = 0;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        try (InputStream raw = new DigestInputStream(Files.newInputStream(csv), sha);
                InputStream in = csv.toString().endsWith(".xz") ? new XZInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                BufferedWriter train = Files.newBufferedWriter(out.resolve("train.tsv"), StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("InvoiceNo,StockCode,")) {
                throw new IllegalArgumentException(csv + " line 1: expected the header InvoiceNo,StockCode,...");
            }
            String line;
            long n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                rows++;
                List<String> f = fields(line, csv, n);
                if (f.size() != 8) {
                    throw new IllegalArgumentException(csv + " line " + n + ": expected 8 fields, found " + f.size());
                }
                String invoice = f.get(0);
                String stock = f.get(1);
                String customer = f.get(6);
                if (customer.isEmpty() || invoice.startsWith("C") || invoice.startsWith("A") || stock.isEmpty()
                        || !Character.isDigit(stock.charAt(0))) {
                    continue;
                }
                double quantity;
                double price;
                long t;
                try {
                    quantity = Double.parseDouble(f.get(3));
                    price = Double.parseDouble(f.get(5));
                    t = parseTime(f.get(4));
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            csv + " line " + n + ": bad Quantity, UnitPrice or InvoiceDate (" + e.getMessage() + ")");
                }
                if (!(quantity > 0) || !(price > 0)) {
                    continue;
                }
                kept++;
                if (t >= fromMillis && t < cutMillis) {
                    train.write(customer + "\t" + stock + "\t1\t" + t + "\n");
                    trainLines++;
                    trainedCustomers.add(customer);
                } else if (t >= cutMillis && t < untilMillis) {
                    after.computeIfAbsent(customer, k -> new LinkedHashSet<>()).add(stock);
                }
            }
            raw.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + " or write " + out + ": " + e.getMessage(), e);
        }
        int users = 0;
        long pairs = 0;
        StringBuilder targets = new StringBuilder();
        for (Map.Entry<String, Set<String>> e : after.entrySet()) {
            if (!trainedCustomers.contains(e.getKey())) {
                continue;
            }
            users++;
            for (String item : e.getValue()) {
                targets.append(e.getKey()).append('\t').append(item).append('\n');
                pairs++;
            }
        }
        SplitFiles.writeString(out.resolve("targets.tsv"), targets.toString());
        String digest = HexFormat.of().formatHex(sha.digest());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("protocol", "temporal");
        meta.put("writer", "shoptide-peers uci-split");
        meta.put("dataset", csv.toString());
        meta.put("sha256", digest);
        meta.put("from", from == null ? null : from.toString());
        meta.put("cut", cut.toString());
        meta.put("until", until == null ? null : until.toString());
        meta.put("trainLines", trainLines);
        meta.put("targetUsers", users);
        meta.put("targetPairs", pairs);
        SplitFiles.writeString(out.resolve("split.json"), Json.write(meta));
        return new Summary(rows, kept, trainLines, users, pairs, digest);
    }

    private static long millis(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static long parseTime(String s) {
        LocalDateTime t = s.indexOf('/') >= 0 ? LocalDateTime.parse(s, US) : LocalDateTime.parse(s, ISO);
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** One CSV record's fields (RFC 4180: quoted fields may hold commas and doubled quotes). */
    static List<String> fields(String line, Path csv, long n) {
        List<String> out = new ArrayList<>(8);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quoted) {
                if (c == '"') {
                    if (k + 1 < line.length() && line.charAt(k + 1) == '"') {
                        cur.append('"');
                        k++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(csv + " line " + n + ": unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
