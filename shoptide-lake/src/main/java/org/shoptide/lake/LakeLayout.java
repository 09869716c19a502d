package org.shoptide.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;

/**
 * Where the lake keeps its files (format: {@code docs/formats/lake-events.md}):
 *
 * <pre>
 * ROOT/events/shop=ID/day=YYYY-MM-DD/part-NNNNNNNNNNNNNNNNNNNN.parquet   events of one shop and UTC day
 * ROOT/_sink/shop=ID.position                                          the sink's committed position
 * </pre>
 *
 * The part number is the log offset of the first event of the batch that wrote the file, zero-padded to 20 digits so
 * that name order is offset order; every file a batch writes (one per day it touches) has the same number. Files being
 * written are named {@code .part-N.parquet.tmp} (a leading dot: Spark, Hadoop and DuckDB's globs skip them). The
 * {@code shop=} and {@code day=} directories are Hive-style partitions for Spark and DuckDB.
 */
public final class LakeLayout {
    private static final Pattern PART = Pattern.compile("part-(\\d{20})\\.parquet");

    private final Path root;

    public LakeLayout(Path root) {
        this.root = Objects.requireNonNull(root, "lake root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code ROOT/events}: the table of all shops. */
    public Path events() {
        return root.resolve("events");
    }

    /** {@code ROOT/events/shop=ID}: one shop's partition. */
    public Path shop(ShopId shop) {
        return events().resolve("shop=" + shop.value());
    }

    public Path day(ShopId shop, LocalDate day) {
        return shop(shop).resolve("day=" + day);
    }

    public static String partName(long firstOffset) {
        return String.format(Locale.ROOT, "part-%020d.parquet", firstOffset);
    }

    public static String tempName(long firstOffset) {
        return "." + partName(firstOffset) + ".tmp";
    }

    /** The sink's position file of {@code shop}. */
    public Path position(ShopId shop) {
        return root.resolve("_sink").resolve("shop=" + shop.value() + ".position");
    }

    /** The part number of a part file name, or -1 when the name is not one. */
    public static long partNumber(String fileName) {
        Matcher m = PART.matcher(fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Every part file of the shop, in no particular order. */
    public List<Path> parts(ShopId shop) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = shop(shop);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(p -> partNumber(p.getFileName().toString()) >= 0).forEach(out::add);
        }
        return out;
    }

    /** Leftover temporary files of the shop (from a crash while writing). */
    public List<Path> temporaries(ShopId shop) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = shop(shop);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(p -> p.getFileName().toString().endsWith(".parquet.tmp")).forEach(out::add);
        }
        return out;
    }
}
