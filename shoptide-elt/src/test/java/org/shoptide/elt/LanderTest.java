package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;

class LanderTest {
    private static final ShopId SHOP = ShopId.of("acme");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private static final PiiHasher HASHER = PiiHasher.forShop("a-test-secret-of-32-characters!!", SHOP);

    @TempDir
    Path dir;

    private SourceSpec spec(String name, boolean consent, RawFormat format, Map<String, PiiKind> pii) {
        return new SourceSpec(name, "file", consent, pii, format, Optional.of("x"), Optional.empty(), Optional.empty());
    }

    private Lander lander() {
        return new Lander(new EltLayout(dir.resolve("lake")), SHOP, HASHER, CLOCK);
    }

    private static List<List<String>> rows(String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = Duck.open(1);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void csvLandsUnchangedExceptHashedPii() throws Exception {
        Path csv = dir.resolve("orders.csv");
        Files.writeString(csv, """
                order_id,email,amount,note
                o1, Ann@Example.COM ,0012.50,"a, quoted"
                o2,,7,
                """);
        Lander.Outcome out = lander().load(spec("orders", true, RawFormat.CSV, Map.of("email", PiiKind.EMAIL)),
                new FileConnector(csv, RawFormat.CSV), "l1");
        assertThat(out.alreadyCommitted()).isFalse();
        assertThat(out.manifest().rows()).isEqualTo(2);
        assertThat(out.manifest().files()).hasSize(1);
        Path part = dir.resolve("lake").resolve(out.manifest().files().get(0).path());
        assertThat(part.toString())
                .contains("raw/shop=acme/source=orders/day=2026-12-01/load_id=l1/part-000000.parquet");
        List<List<String>> rows = rows("SELECT order_id, email, amount, note FROM read_parquet('" + part + "')");
        assertThat(rows).containsExactly(
                List.of("o1", HASHER.hash(PiiKind.EMAIL, "ann@example.com"), "0012.50", "a, quoted"),
                java.util.Arrays.asList("o2", null, "7", null));
        assertThat(out.manifest().checksum()).hasSize(64);
        assertThat(out.manifest().piiHashed()).containsExactly("email");
    }

    @Test
    void jsonLinesLandEveryFieldAsText() throws Exception {
        Path f = dir.resolve("feed.jsonl");
        Files.writeString(f,
                "{\"id\":1,\"name\":\"Ann\",\"tags\":[\"a\",\"b\"]}\n{\"id\":2,\"phone\":\"+44 (0)20 1234\"}\n");
        Lander.Outcome out = lander().load(spec("feed", true, RawFormat.JSONL, Map.of("phone", PiiKind.PHONE)),
                new FileConnector(f, RawFormat.JSONL), "l1");
        Path part = dir.resolve("lake").resolve(out.manifest().files().get(0).path());
        assertThat(rows("SELECT id, name, tags, phone FROM read_parquet('" + part + "')")).containsExactly(
                java.util.Arrays.asList("1", "Ann", "[\"a\",\"b\"]", null),
                java.util.Arrays.asList("2", null, null, HASHER.hash(PiiKind.PHONE, "+440201234")));
    }

    @Test
    void noConsentRefusesTheLoadAndLandsNothing() throws IOException {
        Path csv = dir.resolve("orders.csv");
        Files.writeString(csv, "a\n1\n");
        assertThatThrownBy(() -> lander().load(spec("orders", false, RawFormat.CSV, Map.of()),
                new FileConnector(csv, RawFormat.CSV), "l1")).isInstanceOf(EltException.class)
                        .hasMessageContaining("no consent");
        assertThat(dir.resolve("lake")).doesNotExist();
    }

    @Test
    void aCommittedLoadIdIsANoOp() throws Exception {
        Path d = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(d.resolve("2026-11-01.csv"), "a\n1\n");
        SourceSpec s = spec("orders", true, RawFormat.CSV, Map.of());
        Lander.Outcome first = lander().load(s, new FileConnector(d, RawFormat.CSV), "l1");
        Files.writeString(d.resolve("2026-11-02.csv"), "a\n2\n");
        Lander.Outcome again = lander().load(s, new FileConnector(d, RawFormat.CSV), "l1");
        assertThat(again.alreadyCommitted()).isTrue();
        assertThat(again.manifest()).isEqualTo(first.manifest());
        // a new load id lands only what is new since the last cursor
        Lander.Outcome next = lander().load(s, new FileConnector(d, RawFormat.CSV), "l2");
        assertThat(next.manifest().cursorBefore()).contains("2026-11-01.csv");
        assertThat(next.manifest().cursorAfter()).contains("2026-11-02.csv");
        assertThat(next.manifest().rows()).isEqualTo(1);
    }

    @Test
    void aLoadKilledMidwayResumesFromItsLastCommittedPage() throws Exception {
        Path d = Files.createDirectories(dir.resolve("exports"));
        for (int i = 1; i <= 4; i++) {
            Files.writeString(d.resolve("f" + i + ".csv"), "n\n" + i + "\n" + (i * 10) + "\n");
        }
        SourceSpec s = spec("orders", true, RawFormat.CSV, Map.of());
        FileConnector files = new FileConnector(d, RawFormat.CSV);
        // the process dies while writing the third page: two pages committed, a half-written temp file and an
        // uncommitted part file left behind
        SourceConnector dying = (cursor, sink) -> files.read(cursor, page -> {
            if (page.cursorAfter().equals("f3.csv")) {
                Path loadDir = new EltLayout(dir.resolve("lake")).rawLoad(SHOP, "orders",
                        java.time.LocalDate.of(2026, 12, 1), "l1");
                Files.writeString(loadDir.resolve(EltLayout.tempName(2)), "garbage");
                Files.writeString(loadDir.resolve(EltLayout.partName(2)), "garbage");
                throw new IOException("killed");
            }
            sink.accept(page);
        });
        assertThatThrownBy(() -> lander().load(s, dying, "l1")).isInstanceOf(EltException.class)
                .hasMessageContaining("resume");
        assertThat(new EltLayout(dir.resolve("lake")).manifest(SHOP, "orders", "l1")).doesNotExist();

        List<String> seen = new ArrayList<>();
        SourceConnector watching = (cursor, sink) -> {
            seen.add(cursor.orElse("-"));
            files.read(cursor, sink);
        };
        Lander.Outcome out = lander().load(s, watching, "l1");
        assertThat(seen).containsExactly("f2.csv");
        assertThat(out.manifest().rows()).isEqualTo(8);
        assertThat(out.manifest().files()).hasSize(4);
        Path loadDir = dir.resolve("lake").resolve(out.manifest().files().get(0).path()).getParent();
        try (Stream<Path> st = Files.list(loadDir)) {
            assertThat(st.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(EltLayout.partName(0),
                    EltLayout.partName(1), EltLayout.partName(2), EltLayout.partName(3));
        }
        assertThat(rows("SELECT n FROM read_parquet('" + loadDir + "/*.parquet') ORDER BY CAST(n AS INT)"))
                .extracting(r -> r.get(0)).containsExactly("1", "2", "3", "4", "10", "20", "30", "40");
    }
}
