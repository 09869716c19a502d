package org.shoptide.elt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.shop.ShopId;

/**
 * Erases one customer from the shop's raw lake and marts (the event lake is erased by {@code LakeSinks.erase}).
 * <p>
 * The subject is a user id and/or an e-mail hash; the customer's other keys (e-mail and phone hashes) are looked up in
 * {@code mart_customer_360} first. A raw row goes when a column the source declares as e-mail, phone or id PII holds
 * one of the hashes, or its {@code user_id} column holds the user id; a mart row goes when its {@code
 * customer_key}, {@code user_id}, {@code email_hash}, {@code phone_hash} or {@code buyer_email_hash} column does. Each
 * file holding such rows is rewritten without them: {@code COPY (SELECT * ... WHERE NOT ...)} to a temporary file,
 * forced, renamed over the original, so a reader sees the old file or the new one. Files without the subject are not
 * touched. The erasure is appended to {@code _loads/shop=ID/_erasures.jsonl} with the files rewritten, the rows removed
 * and each file's new SHA-256 (the load manifests keep the checksums of what was landed); the subject is recorded only
 * as hashes.
 */
public final class EltEraser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MART_KEYS = List.of("customer_key", "user_id", "email_hash", "phone_hash",
            "buyer_email_hash");

    private final EltLayout layout;
    private final Clock clock;

    public EltEraser(EltLayout layout, Clock clock) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What an erasure did. */
    public record Erasure(int filesRewritten, long rowsRemoved) {
    }

    public Erasure erase(ShopId shop, List<SourceSpec> sources, PiiHasher hasher, Optional<String> userId,
            Optional<String> emailHash) {
        if (userId.isEmpty() && emailHash.isEmpty()) {
            throw new IllegalArgumentException("erasure needs a user id or an e-mail hash");
        }
        List<String> ids = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        userId.ifPresent(ids::add);
        emailHash.ifPresent(hashes::add);
        DuckCustomerMart mart = new DuckCustomerMart(layout);
        for (String k : List.of(userId.orElse(""), emailHash.orElse(""))) {
            if (k.isEmpty()) {
                continue;
            }
            Optional<CustomerRow> row = mart.find(shop, k);
            if (row.isPresent()) {
                row.get().keys().userId().ifPresent(ids::add);
                row.get().keys().emailHash().ifPresent(hashes::add);
                row.get().keys().phoneHash().ifPresent(hashes::add);
                if (row.get().customerKey().startsWith("e:")) {
                    hashes.add(row.get().customerKey().substring(2));
                }
            }
        }
        ArrayNode files = JSON.createArrayNode();
        long removed = 0;
        try (Connection db = Duck.open(2)) {
            for (SourceSpec s : sources) {
                List<String> cols = new ArrayList<>();
                for (Map.Entry<String, PiiKind> e : s.pii().entrySet()) {
                    cols.add(e.getKey());
                }
                for (Path f : parquetFiles(layout.rawSource(shop, s.name()))) {
                    removed += rewrite(db, f, cols, hashes, ids, files);
                }
            }
            Path marts = layout.marts();
            if (Files.isDirectory(marts)) {
                try (Stream<Path> st = Files.list(marts)) {
                    for (Path m : st.toList()) {
                        Path f = m.resolve("shop=" + shop.value()).resolve("part-0.parquet");
                        if (Files.exists(f)) {
                            removed += rewrite(db, f, MART_KEYS, keysOf(hashes, ids), ids, files);
                        }
                    }
                }
            }
        } catch (SQLException | IOException e) {
            throw new EltException("erasure in the lake of shop " + shop + " failed: " + e.getMessage()
                    + "; files already rewritten stay rewritten, run the erasure again", e);
        }
        ObjectNode rec = JSON.createObjectNode();
        rec.put("at", clock.instant().toString());
        ArrayNode subject = rec.putArray("subjectHashes");
        ids.stream().distinct().map(id -> hasher.hash(PiiKind.ID, id)).forEach(subject::add);
        hashes.stream().distinct().forEach(subject::add);
        rec.put("rowsRemoved", removed);
        rec.set("files", files);
        append(layout.erasures(shop), rec.toString() + "\n");
        return new Erasure(files.size(), removed);
    }

    private static List<String> keysOf(List<String> hashes, List<String> ids) {
        List<String> out = new ArrayList<>(hashes);
        for (String h : hashes) {
            out.add("e:" + h);
        }
        for (String id : ids) {
            out.add("u:" + id);
        }
        return out;
    }

    private long rewrite(Connection db, Path f, List<String> hashCols, List<String> hashes, List<String> ids,
            ArrayNode log) throws SQLException, IOException {
        String src = "read_parquet(" + Duck.lit(f) + ")";
        List<String> present = new ArrayList<>();
        try (var s = db.createStatement();
                var rs = s.executeQuery("DESCRIBE SELECT * FROM " + src)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        List<String> conds = new ArrayList<>();
        for (String c : hashCols) {
            if (present.contains(c) && !hashes.isEmpty()) {
                conds.add("CAST(" + Duck.ident(c) + " AS VARCHAR) IN (" + in(hashes) + ")");
            }
        }
        if (present.contains("user_id") && !ids.isEmpty()) {
            conds.add("CAST(user_id AS VARCHAR) IN (" + in(ids) + ")");
        }
        if (conds.isEmpty()) {
            return 0;
        }
        String cond = "coalesce(" + String.join(" OR ", conds) + ", false)";
        long n = Duck.scalarLong(db, "SELECT count(*) FROM " + src + " WHERE " + cond);
        if (n == 0) {
            return 0;
        }
        Path tmp = f.resolveSibling("." + f.getFileName() + ".erase.tmp");
        Files.deleteIfExists(tmp);
        Duck.exec(db, "COPY (SELECT * FROM " + src + " WHERE NOT " + cond + ") TO " + Duck.lit(tmp)
                + " (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'shoptide.raw.format': '1'})");
        Files2.force(tmp);
        Files2.moveAtomically(tmp, f);
        log.addObject().put("path", layout.root().relativize(f).toString()).put("rowsRemoved", n).put("sha256",
                FileConnector.sha256(f));
        return n;
    }

    private static String in(List<String> values) {
        return String.join(", ", values.stream().distinct().map(Duck::lit).toList());
    }

    private static List<Path> parquetFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".");
            }).sorted().toList();
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new EltException("cannot record the erasure in " + file + ": " + e.getMessage(), e);
        }
    }
}
