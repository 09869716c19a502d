package org.shoptide.elt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;

/**
 * Lands loads of one shop's sources in the raw lake ({@link EltLayout}), page by page, with lineage.
 * <p>
 * A load is identified by its load id. Its life: refused unless the source has consent; a no-op if its manifest exists
 * (idempotent by load id); otherwise each page the connector yields is written with DuckDB as {@code
 * .part-N.parquet.tmp}, forced, renamed to {@code part-N.parquet}, and then recorded in the load's progress file
 * (replaced atomically) with its row count, checksum and the cursor after it. When the connector is done the manifest
 * is written (atomically) and the progress file removed. A load that crashed is resumed by running the same load id
 * again: files not recorded in its progress are deleted and the connector restarts from the last recorded cursor, so
 * every record lands exactly once.
 * <p>
 * Records land unchanged except the declared PII fields, replaced by {@link PiiHasher} hashes. CSV columns land as
 * VARCHAR (exactly the text), JSON-lines records as one VARCHAR column per top-level field (strings unquoted, other
 * values as their JSON text; the column order is that of first appearance), Parquet with its own types.
 */
public final class Lander {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EltLayout layout;
    private final ShopId shop;
    private final PiiHasher hasher;
    private final Clock clock;

    public Lander(EltLayout layout, ShopId shop, PiiHasher hasher, Clock clock) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.shop = Objects.requireNonNull(shop, "shop");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The result of {@link #load}: the manifest, and whether this call did nothing (the load was committed). */
    public record Outcome(LoadManifest manifest, boolean alreadyCommitted) {
    }

    public Outcome load(SourceSpec spec, SourceConnector connector, String loadId) {
        EltLayout.checkLoadId(loadId);
        if (!spec.consent()) {
            throw new EltException("source '" + spec.name() + "' of shop " + shop
                    + " has no consent recorded (\"consent\": false in sources.json); the load is refused and nothing"
                    + " was landed");
        }
        Path manifest = layout.manifest(shop, spec.name(), loadId);
        try {
            if (Files.exists(manifest)) {
                return new Outcome(LoadManifest.read(manifest), true);
            }
            Path progressFile = layout.progress(shop, spec.name(), loadId);
            ObjectNode progress;
            if (Files.exists(progressFile)) {
                progress = (ObjectNode) JSON.readTree(Files.readString(progressFile));
            } else {
                progress = JSON.createObjectNode();
                progress.put("load", loadId);
                progress.put("day", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
                progress.put("started", clock.instant().toString());
                progress.put("cursorBefore", lastCursor(spec.name()).orElse(null));
                progress.putArray("pages");
                Files2.writeAtomically(progressFile, progress.toString());
            }
            LocalDate day = LocalDate.parse(progress.get("day").asText());
            Path dir = layout.rawLoad(shop, spec.name(), day, loadId);
            ArrayNode pages = (ArrayNode) progress.get("pages");
            cleanUncommitted(dir, pages);
            Optional<String> cursor = currentCursor(progress);
            try (Connection db = Duck.open(2)) {
                connector.read(cursor, page -> {
                    try {
                        landPage(db, spec, page, dir, pages, progress, progressFile);
                    } finally {
                        if (page.temporary()) {
                            Files.deleteIfExists(page.file());
                        }
                    }
                });
            }
            LoadManifest m = manifestOf(spec, loadId, day, progress);
            Files2.writeAtomically(manifest, m.toJson());
            Files.deleteIfExists(progressFile);
            return new Outcome(m, false);
        } catch (IOException | SQLException e) {
            throw new EltException("load '" + loadId + "' of source '" + spec.name() + "' of shop " + shop
                    + " stopped: " + e.getMessage() + "; run it again with the same load id to resume", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EltException("load '" + loadId + "' of source '" + spec.name() + "' was interrupted", e);
        }
    }

    /** The cursor after the source's most recently committed load, if any. */
    public Optional<String> lastCursor(String source) throws IOException {
        LoadManifest last = null;
        for (LoadManifest m : manifests(source)) {
            if (last == null || m.ended().isAfter(last.ended())) {
                last = m;
            }
        }
        return last == null ? Optional.empty() : last.cursorAfter();
    }

    /** Every committed manifest of {@code source}, in no particular order. */
    public List<LoadManifest> manifests(String source) throws IOException {
        Path dir = layout.loads(shop, source);
        List<LoadManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("load=") && n.endsWith(".json");
            }).toList()) {
                out.add(LoadManifest.read(p));
            }
        }
        return out;
    }

    private static Optional<String> currentCursor(ObjectNode progress) {
        ArrayNode pages = (ArrayNode) progress.get("pages");
        JsonNode c = pages.isEmpty() ? progress.get("cursorBefore") : pages.get(pages.size() - 1).get("cursor");
        return c == null || c.isNull() ? Optional.empty() : Optional.of(c.asText());
    }

    private static void cleanUncommitted(Path dir, ArrayNode pages) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> kept = new HashSet<>();
        for (JsonNode p : pages) {
            if (p.hasNonNull("file")) {
                kept.add(p.get("file").asText());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                if (!kept.contains(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
    }

    private void landPage(Connection db, SourceSpec spec, RawPage page, Path dir, ArrayNode pages, ObjectNode progress,
            Path progressFile) throws IOException {
        int n = pages.size();
        ObjectNode entry = JSON.createObjectNode();
        try {
            Optional<String> select = select(db, spec, page);
            if (select.isPresent()) {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(EltLayout.tempName(n));
                Path target = dir.resolve(EltLayout.partName(n));
                Files.deleteIfExists(tmp);
                Duck.exec(db, "COPY (" + select.get() + ") TO " + Duck.lit(tmp)
                        + " (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'shoptide.raw.format': '1'})");
                long rows = Duck.scalarLong(db, "SELECT count(*) FROM read_parquet(" + Duck.lit(tmp) + ")");
                Files2.force(tmp);
                Files2.moveAtomically(tmp, target);
                entry.put("file", target.getFileName().toString());
                entry.put("rows", rows);
                entry.put("sha256", FileConnector.sha256(target));
            } else {
                entry.putNull("file");
                entry.put("rows", 0);
            }
        } catch (SQLException e) {
            throw new IOException("cannot land page " + n + " (" + page.format() + "): " + e.getMessage(), e);
        }
        entry.put("cursor", page.cursorAfter());
        pages.add(entry);
        Files2.writeAtomically(progressFile, progress.toString());
    }

    /** The SELECT of the page's records with PII hashed, or empty for a page without records. */
    private Optional<String> select(Connection db, SourceSpec spec, RawPage page) throws SQLException, IOException {
        if (Files.size(page.file()) == 0) {
            return Optional.empty();
        }
        String f = Duck.lit(page.file());
        return switch (page.format()) {
            case CSV -> replacePii(db, spec, "SELECT * FROM read_csv(" + f + ", header = true, all_varchar = true)");
            case PARQUET -> replacePii(db, spec, "SELECT * FROM read_parquet(" + f + ")");
            case JSONL -> jsonSelect(db, spec, f);
        };
    }

    private Optional<String> replacePii(Connection db, SourceSpec spec, String base) throws SQLException {
        List<String> columns = columns(db, base);
        List<String> replace = new ArrayList<>();
        for (Map.Entry<String, PiiKind> e : spec.pii().entrySet()) {
            if (columns.contains(e.getKey())) {
                String col = "CAST(" + Duck.ident(e.getKey()) + " AS VARCHAR)";
                replace.add(hasher.sql(e.getValue(), col) + " AS " + Duck.ident(e.getKey()));
            }
        }
        return Optional.of(replace.isEmpty() ? base
                : base.replaceFirst("SELECT \\*", "SELECT * REPLACE ("
                        + String.join(", ", replace).replace("\\", "\\\\").replace("$", "\\$") + ")"));
    }

    private Optional<String> jsonSelect(Connection db, SourceSpec spec, String f) throws SQLException {
        String objects = "(SELECT row_number() OVER () AS rn, json FROM read_json_objects(" + f
                + ", format = 'newline_delimited'))";
        List<String> keys = new ArrayList<>();
        try (var s = db.createStatement();
                var rs = s.executeQuery("SELECT k FROM (SELECT rn, unnest(json_keys(json)) AS k,"
                        + " generate_subscripts(json_keys(json), 1) AS i FROM " + objects + ")"
                        + " GROUP BY k ORDER BY min(rn), arg_min(i, rn)")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<String> cols = new ArrayList<>();
        for (String k : keys) {
            if (k.contains("\"")) {
                throw new SQLException("JSON field names with '\"' are not supported: " + k);
            }
            String v = "(json ->> " + Duck.lit("$.\"" + k + "\"") + ")";
            PiiKind kind = spec.pii().get(k);
            cols.add((kind == null ? v : hasher.sql(kind, v)) + " AS " + Duck.ident(k));
        }
        return Optional.of("SELECT " + String.join(", ", cols) + " FROM " + objects + " ORDER BY rn");
    }

    private static List<String> columns(Connection db, String select) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var s = db.createStatement();
                var rs = s.executeQuery("DESCRIBE " + select)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private LoadManifest manifestOf(SourceSpec spec, String loadId, LocalDate day, ObjectNode progress) {
        List<LoadManifest.FileEntry> files = new ArrayList<>();
        long rows = 0;
        StringBuilder sums = new StringBuilder();
        Path dir = layout.rawLoad(shop, spec.name(), day, loadId);
        for (JsonNode p : progress.get("pages")) {
            rows += p.get("rows").asLong();
            if (p.hasNonNull("file")) {
                String rel = layout.root().relativize(dir.resolve(p.get("file").asText())).toString();
                files.add(new LoadManifest.FileEntry(rel, p.get("rows").asLong(), p.get("sha256").asText()));
                sums.append(p.get("sha256").asText()).append('\n');
            }
        }
        String checksum;
        try {
            checksum = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(sums.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        JsonNode before = progress.get("cursorBefore");
        return new LoadManifest(shop.value(), spec.name(), loadId, spec.kind(), day,
                Instant.parse(progress.get("started").asText()), clock.instant(),
                before == null || before.isNull() ? Optional.empty() : Optional.of(before.asText()),
                currentCursor(progress), rows, files, checksum, spec.pii().keySet().stream().sorted().toList());
    }
}
