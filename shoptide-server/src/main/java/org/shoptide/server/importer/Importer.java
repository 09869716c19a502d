package org.shoptide.server.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.Validation;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.FieldErrors;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.Parsers;

/**
 * Bulk import of events or items from CSV or JSON lines, all or nothing.
 * <ol>
 * <li>Validation phase, in one pass: the whole file is read and every row is mapped exactly as the HTTP API maps a
 * request body, and every row that maps is checked by the engine's rules (event age, rating range, ids, custom types
 * the shop has weights for, ...). Every bad line and every bad field is reported at once, with its line number and the
 * field as the file names it; if any row is bad, nothing is written.
 * <li>Write phase: items go to the engine in one transaction (per {@link #MAX_ITEMS_PER_TRANSACTION}); events are
 * appended in batches of {@link Engine#MAX_BATCH}. Each event without its own {@code eventId} gets the deterministic id
 * {@code import:<first 16 hex of the file's SHA-256>:<line>}, so if the process dies during the write phase, running
 * the same import again skips what was stored (dedup by client event id) and appends the rest.
 * </ol>
 * The importer works directly on the data directory, so the server must not be running at the same time (the event log
 * and the SQLite database are opened exclusively).
 */
public final class Importer {
    /** What is imported. */
    public enum Kind {
        EVENTS, ITEMS
    }

    /** File format. */
    public enum Format {
        CSV, JSONL
    }

    /** A rejected row: 1-based line number, field and what is wrong. */
    public record LineError(long line, String field, String message) {
        @Override
        public String toString() {
            return "line " + line + (field == null || field.isEmpty() ? "" : ", " + field) + ": " + message;
        }
    }

    /** The outcome. {@code written} is false when validation failed and nothing was stored. */
    public record Report(long rows, int accepted, int duplicates, List<LineError> errors, long totalErrors,
            boolean written, String idPrefix) {
    }

    public static final int MAX_REPORTED_ERRORS = 1000;
    /**
     * Items per transaction: the engine's largest item batch. A file of up to this many items is written in one
     * transaction; a larger one in consecutive transactions of this size (upserts are idempotent, so re-running the
     * same file after a crash converges to the same catalog).
     */
    public static final int MAX_ITEMS_PER_TRANSACTION = 10_000;
    static final Set<String> EVENT_COLUMNS = Set.of("eventId", "type", "customType", "userId", "anonymousId",
            "sessionId", "timestamp", "itemId", "value", "rating", "query", "orderId", "price", "quantity", "currency",
            "page", "scenario", "recommendationId");
    static final Set<String> ITEM_COLUMNS = Set.of("id", "title", "description", "price", "currency", "brand",
            "category", "tags", "inStock", "imageUrl");

    private final Engine engine;
    private final PrintStream progressOut;
    private final Clock clock;

    public Importer(Engine engine, PrintStream progressOut, Clock clock) {
        this.engine = engine;
        this.progressOut = progressOut;
        this.clock = clock;
    }

    public Report importFile(ShopId shop, Kind kind, Format format, Path file) throws IOException {
        return importFile(shop, kind, format, file, null);
    }

    /**
     * Imports one file into one shop, all or nothing.
     *
     * @param idPrefix
     *            prefix of the generated event ids ({@code <prefix>:<line>}); null for
     *            {@code import:<first 16 hex of the file's SHA-256>}. Passing the prefix of an earlier run resumes it
     *            after the file was edited.
     */
    public Report importFile(ShopId shop, Kind kind, Format format, Path file, String idPrefix) throws IOException {
        if (engine.shop(shop).isEmpty()) {
            throw new IllegalArgumentException(
                    "shop '" + shop + "' does not exist; create it with 'shoptide shops create'");
        }
        long size = Files.size(file);
        List<LineError> errors = new ArrayList<>();
        long[] totalErrors = { 0 };
        List<Event> events = new ArrayList<>();
        List<Long> eventLines = new ArrayList<>();
        List<Set<String>> eventFields = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        Map<String, Long> itemLines = new HashMap<>();
        MessageDigest sha = sha256();
        long rows = 0;
        Progress readProgress = new Progress(progressOut, "validate", size, "B");
        try (CountingStream counting = new CountingStream(Files.newInputStream(file));
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(new DigestInputStream(counting, sha), StandardCharsets.UTF_8))) {
            RowSource source = format == Format.CSV ? new CsvRows(reader, kind) : new JsonlRows(reader);
            Row row;
            while ((row = source.next(err -> addError(errors, totalErrors, err))) != null) {
                rows++;
                List<Violation> v = new ArrayList<>();
                FieldErrors fe = new FieldErrors((int) Math.min(Integer.MAX_VALUE, row.line()), v);
                if (kind == Kind.EVENTS) {
                    var parsed = Parsers.event(row.node(), clock.instant(), fe);
                    if (parsed.isPresent()) {
                        events.add(parsed.get());
                        eventLines.add(row.line());
                        Set<String> written = new HashSet<>();
                        row.node().fieldNames().forEachRemaining(written::add);
                        eventFields.add(written);
                    }
                } else {
                    var parsed = Parsers.item(row.node(), null, fe);
                    if (parsed.isPresent()) {
                        Long firstLine = itemLines.putIfAbsent(parsed.get().id(), row.line());
                        if (firstLine != null) {
                            v.add(new Violation(-1, "id",
                                    "duplicate item id '" + parsed.get().id() + "' (first on line " + firstLine + ")"));
                        } else {
                            items.add(parsed.get());
                        }
                    }
                }
                for (Violation x : v) {
                    addError(errors, totalErrors, new LineError(row.line(), x.field(), x.message()));
                }
                readProgress.update(counting.count);
            }
            readProgress.finish(counting.count);
        }
        // the engine's own rules over every row that mapped, also when other rows did not: one run reports all
        if (kind == Kind.ITEMS) {
            for (int from = 0; from < items.size(); from += MAX_ITEMS_PER_TRANSACTION) {
                List<Item> chunk = items.subList(from, Math.min(items.size(), from + MAX_ITEMS_PER_TRANSACTION));
                engineCheck(chunk, sub -> engine.validateItems(shop, sub), (i, f) -> f,
                        i -> itemLines.get(chunk.get(i).id()), errors, totalErrors);
            }
        } else {
            for (int from = 0; from < events.size(); from += Engine.MAX_BATCH) {
                int batchStart = from;
                engineCheck(events.subList(from, Math.min(events.size(), from + Engine.MAX_BATCH)),
                        sub -> engine.validateEvents(shop, sub),
                        (i, f) -> Validation.eventWireField(f, eventFields.get(batchStart + i)),
                        i -> eventLines.get(batchStart + i), errors, totalErrors);
            }
        }
        if (totalErrors[0] > 0) {
            errors.sort(Comparator.comparingLong(LineError::line));
            return new Report(rows, 0, 0, errors, totalErrors[0], false, null);
        }
        if (kind == Kind.ITEMS) {
            Progress writeProgress = new Progress(progressOut, "write", items.size(), "items");
            for (int from = 0; from < items.size(); from += MAX_ITEMS_PER_TRANSACTION) {
                int to = Math.min(items.size(), from + MAX_ITEMS_PER_TRANSACTION);
                List<Item> chunk = items.subList(from, to);
                try {
                    engine.upsertItems(shop, chunk, Engine.SOURCE_IMPORT);
                } catch (ValidationException e) {
                    writeProgress.finish(from);
                    return rejectedByEngine(rows, e, i -> itemLines.get(chunk.get(i).id()), from, 0, null);
                }
                writeProgress.update(to);
            }
            writeProgress.finish(items.size());
            return new Report(rows, items.size(), 0, List.of(), 0, true, null);
        }
        String base = idPrefix != null ? idPrefix : "import:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        String prefix = base + ":";
        List<Event> withIds = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            withIds.add(e.clientEventId() != null ? e : withClientEventId(e, prefix + eventLines.get(i)));
        }
        Progress writeProgress = new Progress(progressOut, "write", withIds.size(), "events");
        int accepted = 0;
        int duplicates = 0;
        for (int from = 0; from < withIds.size(); from += Engine.MAX_BATCH) {
            int to = Math.min(withIds.size(), from + Engine.MAX_BATCH);
            IngestResult r;
            try {
                r = engine.ingest(shop, withIds.subList(from, to));
            } catch (ValidationException e) {
                int batchStart = from;
                writeProgress.finish(from);
                return rejectedByEngine(rows, e, i -> eventLines.get(batchStart + i), accepted, duplicates, base);
            }
            accepted += r.accepted();
            duplicates += r.duplicates();
            writeProgress.update(to);
        }
        writeProgress.finish(withIds.size());
        return new Report(rows, accepted, duplicates, List.of(), 0, true, base);
    }

    /**
     * The engine rejected a batch while writing although the whole file passed its validation (a rule whose outcome
     * changed in between, e.g. an event that aged past the limit, or shop settings changed by another caller). What
     * earlier batches stored stays stored and is counted in the report; re-running after fixing the file with the same
     * id prefix (reported) resumes, and item upserts are idempotent.
     */
    private static Report rejectedByEngine(long rows, ValidationException e, IntFunction<Long> lineOf, int storedBefore,
            int duplicatesBefore, String idPrefix) {
        List<LineError> errors = new ArrayList<>();
        for (Violation v : e.violations()) {
            errors.add(new LineError(v.index() < 0 ? 0 : lineOf.apply(v.index()), v.field(), v.message()));
        }
        return new Report(rows, storedBefore, duplicatesBefore, errors, errors.size(), false, idPrefix);
    }

    /** Runs the engine's check over one chunk of mapped rows; its violations become line errors. */
    private static <T> void engineCheck(List<T> chunk, Consumer<List<T>> check,
            BiFunction<Integer, String, String> wireField, IntFunction<Long> lineOf, List<LineError> errors,
            long[] total) {
        for (Violation v : Validation.inOnePass(chunk, List.of(), check, wireField)) {
            addError(errors, total, new LineError(v.index() < 0 ? 0 : lineOf.apply(v.index()), v.field(), v.message()));
        }
    }

    private static void addError(List<LineError> errors, long[] total, LineError e) {
        total[0]++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(e);
        }
    }

    static Event withClientEventId(Event e, String id) {
        return new Event(id, e.type(), e.customType(), e.userId(), e.anonymousId(), e.sessionId(), e.timestamp(),
                e.itemId(), e.value(), e.query(), e.orderId(), e.lineItems(), e.shown(), e.context(), e.properties());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- row sources

    record Row(long line, JsonNode node) {
    }

    interface RowSource {
        /** The next parsable row; unparsable rows are reported to {@code errors} and skipped. Null at the end. */
        Row next(Consumer<LineError> errors) throws IOException;
    }

    static final class JsonlRows implements RowSource {
        private final BufferedReader reader;
        private long line;

        JsonlRows(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public Row next(Consumer<LineError> errors) throws IOException {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(text);
                    if (n instanceof ObjectNode o) {
                        o.remove("offset"); // files from /v1/events/export carry their log offset
                    }
                    return new Row(line, n);
                } catch (JsonProcessingException e) {
                    errors.accept(new LineError(line, "", "not valid JSON: " + e.getOriginalMessage()));
                }
            }
            return null;
        }
    }

    static final class CsvRows implements RowSource {
        private final Csv csv;
        private final Kind kind;
        private List<String> header;

        CsvRows(BufferedReader reader, Kind kind) {
            this.csv = new Csv(reader);
            this.kind = kind;
        }

        @Override
        public Row next(Consumer<LineError> errors) throws IOException {
            if (header == null) {
                header = csv.next();
                if (header == null) {
                    return null;
                }
                Set<String> allowed = kind == Kind.EVENTS ? EVENT_COLUMNS : ITEM_COLUMNS;
                for (String h : header) {
                    if (!allowed.contains(h.trim()) && !(kind == Kind.ITEMS && h.startsWith("attr."))
                            && !h.startsWith("properties.")) {
                        errors.accept(new LineError(1, h,
                                "unknown column '" + h + "'; known columns: " + new TreeSet<>(allowed)));
                    }
                }
            }
            List<String> fields;
            while ((fields = csv.next()) != null) {
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                long line = csv.recordLine();
                if (fields.size() != header.size()) {
                    errors.accept(
                            new LineError(line, "", "expected " + header.size() + " columns, found " + fields.size()));
                    continue;
                }
                return new Row(line, kind == Kind.EVENTS ? eventNode(fields) : itemNode(fields));
            }
            return null;
        }

        private JsonNode eventNode(List<String> fields) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            ObjectNode line = null;
            ObjectNode context = null;
            ObjectNode props = null;
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).trim();
                String v = fields.get(i);
                if (v.isEmpty()) {
                    continue;
                }
                switch (h) {
                    case "price", "quantity", "currency" -> {
                        if (line == null) {
                            line = o.putArray("lineItems").addObject();
                        }
                        line.put(h, v);
                    }
                    case "page", "scenario", "recommendationId" -> {
                        if (context == null) {
                            context = o.putObject("context");
                        }
                        context.put(h, v);
                    }
                    default -> {
                        if (h.startsWith("properties.")) {
                            if (props == null) {
                                props = o.putObject("properties");
                            }
                            props.put(h.substring("properties.".length()), v);
                        } else {
                            o.put(h, v);
                        }
                    }
                }
            }
            if (line != null && o.has("itemId")) {
                line.put("itemId", o.get("itemId").asText());
                String type = o.path("type").asText("");
                if (type.equals("purchase") || type.equals("refund")) {
                    o.remove("itemId"); // a purchase row is one line item
                }
            }
            return o;
        }

        private JsonNode itemNode(List<String> fields) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).trim();
                String v = fields.get(i);
                if (v.isEmpty()) {
                    continue;
                }
                if (h.equals("tags")) {
                    var a = o.putArray("tags");
                    for (String t : v.split("\\|")) {
                        a.add(t.trim());
                    }
                } else if (h.startsWith("attr.")) {
                    o.withObjectProperty("attributes").put(h.substring(5), v);
                } else if (h.equals("inStock")) {
                    o.put(h, v.toLowerCase(Locale.ROOT));
                } else {
                    o.put(h, v);
                }
            }
            return o;
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
