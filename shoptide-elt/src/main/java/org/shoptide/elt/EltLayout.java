package org.shoptide.elt;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.shoptide.core.shop.ShopId;

/**
 * Where the ELT keeps its files under the lake root (format: {@code docs/CUSTOMER360.md}, ADR 0030):
 *
 * <pre>
 * ROOT/raw/shop=ID/source=S/day=D/load_id=L/part-NNNNNN.parquet   raw records of one load, page by page
 * ROOT/raw/shop=ID/source=S/day=D/load_id=L/.part-NNNNNN.parquet.tmp  a page being written
 * ROOT/_loads/shop=ID/source=S/load=L.json                       the load's manifest (lineage), written last
 * ROOT/_loads/shop=ID/source=S/load=L.progress                   pages committed by a load still running
 * ROOT/_loads/shop=ID/_erasures.jsonl                           erasures applied to raw files and marts
 * ROOT/_webhooks/shop=ID/source=S.jsonl                          signed webhook records, buffered durably
 * ROOT/marts/NAME/shop=ID/part-0.parquet                         a published model (replaced by rename)
 * ROOT/_staging/shop=ID/run=R/NAME.parquet                      a model being built and tested
 * </pre>
 *
 * The shop's own events are the lake's {@code ROOT/events/shop=ID} ({@code docs/formats/lake-events.md}). Names that
 * start with '.' or '_' are skipped by DuckDB, Spark and Hadoop globs.
 */
public final class EltLayout {
    /** Source, model and load names: safe in paths, partition values and SQL identifiers. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final Path root;

    public EltLayout(Path root) {
        this.root = Objects.requireNonNull(root, "lake root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what + " must be 1-64 characters of a-z, 0-9 and '_', starting with a letter, got '" + name + "'");
        }
        return name;
    }

    public static String checkLoadId(String id) {
        if (id == null || !LOAD_ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException(
                    "load id must be 1-100 characters of A-Z, a-z, 0-9, '_', '.' and '-', got '" + id + "'");
        }
        return id;
    }

    public Path events(ShopId shop) {
        return root.resolve("events").resolve("shop=" + shop.value());
    }

    public Path rawShop(ShopId shop) {
        return root.resolve("raw").resolve("shop=" + shop.value());
    }

    public Path rawSource(ShopId shop, String source) {
        return rawShop(shop).resolve("source=" + source);
    }

    public Path rawLoad(ShopId shop, String source, LocalDate day, String loadId) {
        return rawSource(shop, source).resolve("day=" + day).resolve("load_id=" + loadId);
    }

    public Path loads(ShopId shop, String source) {
        return root.resolve("_loads").resolve("shop=" + shop.value()).resolve("source=" + source);
    }

    public Path manifest(ShopId shop, String source, String loadId) {
        return loads(shop, source).resolve("load=" + loadId + ".json");
    }

    public Path progress(ShopId shop, String source, String loadId) {
        return loads(shop, source).resolve("load=" + loadId + ".progress");
    }

    public Path erasures(ShopId shop) {
        return root.resolve("_loads").resolve("shop=" + shop.value()).resolve("_erasures.jsonl");
    }

    public Path webhookBuffer(ShopId shop, String source) {
        return root.resolve("_webhooks").resolve("shop=" + shop.value()).resolve("source=" + source + ".jsonl");
    }

    public Path marts() {
        return root.resolve("marts");
    }

    public Path mart(ShopId shop, String model) {
        return marts().resolve(model).resolve("shop=" + shop.value()).resolve("part-0.parquet");
    }

    public Path staging(ShopId shop, String runId) {
        return root.resolve("_staging").resolve("shop=" + shop.value()).resolve("run=" + runId);
    }

    public static String partName(int page) {
        return String.format(Locale.ROOT, "part-%06d.parquet", page);
    }

    public static String tempName(int page) {
        return "." + partName(page) + ".tmp";
    }
}
