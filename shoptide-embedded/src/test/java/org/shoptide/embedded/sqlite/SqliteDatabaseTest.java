package org.shoptide.embedded.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.contract.ItemStoreContract;

class SqliteDatabaseTest {

    private static final ShopId SHOP = ShopId.of("shop");

    @TempDir
    Path dir;

    private static String pragma(SqliteDatabase db, String name) {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void opensInWalModeWithFullSyncAndForeignKeys() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("sub/dir/shoptide.db"))) {
            assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(db, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "encoding")).isEqualTo("UTF-8");
            assertThat(db.schemaVersion()).isEqualTo(SqliteMigrations.latestKnownVersion());
            String writerSync = db.write(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(writerSync).isEqualTo("2");
        }
    }

    @Test
    void migrationsAreRecordedAndAppliedOnce() {
        Path file = dir.resolve("shoptide.db");
        new SqliteDatabase(file).close();
        try (SqliteDatabase db = new SqliteDatabase(file)) {
            List<String> rows = db.read(c -> {
                List<String> out = new ArrayList<>();
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT version, name FROM schema_version ORDER BY version")) {
                    while (rs.next()) {
                        out.add(rs.getInt(1) + ":" + rs.getString(2));
                    }
                }
                return out;
            });
            assertThat(rows).containsExactly("1:entities", "2:rules_experiments", "3:admin_accounts",
                    "4:tracking_consent", "5:trade", "6:customer_tokens", "7:conversations", "8:feeds",
                    "9:price_tracking", "10:job_runs", "11:alerts", "12:community", "13:identity_profiles");
        }
    }

    @Test
    void newerSchemaIsRefusedWithAClearMessage() {
        Path file = dir.resolve("shoptide.db");
        try (SqliteDatabase db = new SqliteDatabase(file)) {
            db.write(c -> c.createStatement()
                    .executeUpdate("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 0)"));
        }
        assertThatThrownBy(() -> new SqliteDatabase(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining("newer Shoptide");
    }

    @Test
    void readersCannotWrite() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            assertThatThrownBy(() -> db.read(c -> c.createStatement().executeUpdate("DELETE FROM items")))
                    .isInstanceOf(StoreException.class);
        }
    }

    @Test
    void failedWriteRollsBack() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            SqliteItemStore items = new SqliteItemStore(db);
            assertThatThrownBy(() -> db.write(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO users (shop_id, user_id, traits, created_at, updated_at) VALUES ('s', 'u', '{}', 0, 0)")) {
                    p.executeUpdate();
                }
                throw new SQLException("after the insert");
            })).isInstanceOf(StoreException.class);
            assertThat(db.<Integer> read(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                    rs.next();
                    return rs.getInt(1);
                }
            })).isZero();
            items.upsert(SHOP, List.of(ItemStoreContract.plainItem("still-works", "x")));
            assertThat(items.count(SHOP)).isEqualTo(1);
        }
    }

    @Test
    void nestedWriteIsRejectedAndRolledBack() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            SqliteItemStore items = new SqliteItemStore(db);
            assertThatThrownBy(() -> db.write(c -> {
                c.createStatement().executeUpdate("INSERT INTO users (shop_id, user_id, traits, created_at,"
                        + " updated_at) VALUES ('s', 'u', '{}', 0, 0)");
                items.upsert(SHOP, List.of(ItemStoreContract.plainItem("nested", "x")));
                return null;
            })).isInstanceOf(IllegalStateException.class);
            assertThat(items.count(SHOP)).isZero();
            assertThat(new SqliteUserStore(db).get(ShopId.of("s"), "u")).isEmpty();
        }
    }

    @Test
    void closedDatabaseRejectsCalls() {
        SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"));
        db.close();
        db.close();
        assertThatThrownBy(() -> new SqliteItemStore(db).count(SHOP)).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void splitterHandlesCommentsAndMultiLineStatements() {
        assertThat(SqliteMigrations.split("-- c\nCREATE TABLE t (\n  a TEXT -- x\n);\n\nCREATE INDEX i ON t (a);\n"))
                .containsExactly("CREATE TABLE t (\n  a TEXT -- x\n)", "CREATE INDEX i ON t (a)");
    }

    @Test
    void manyVirtualThreadsReadWhileOneWrites() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"), 3, Duration.ofSeconds(30));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            SqliteItemStore items = new SqliteItemStore(db);
            items.upsert(SHOP, List.of(ItemStoreContract.richItem("fixed")));
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    items.upsert(SHOP, List.of(ItemStoreContract.plainItem("w" + i, "t")));
                }
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                readers.add(threads.submit(() -> {
                    int found = 0;
                    for (int i = 0; i < 10; i++) {
                        found += items.get(SHOP, "fixed").isPresent() ? 1 : 0;
                    }
                    return found;
                }));
            }
            writer.get();
            for (Future<Integer> r : readers) {
                assertThat(r.get()).isEqualTo(10);
            }
            assertThat(items.count(SHOP)).isEqualTo(51);
        }
    }

    @Test
    void bulkUpsertFailingMidwayLeavesNothing() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            SqliteItemStore items = new SqliteItemStore(db);
            items.upsert(SHOP, List.of(ItemStoreContract.plainItem("item-00010", "original")));
            // Make the database itself reject one row that comes after several executed JDBC batches.
            db.write(c -> c.createStatement().executeUpdate("CREATE TRIGGER poison BEFORE INSERT ON items"
                    + " WHEN NEW.item_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"));
            List<Item> batch = new ArrayList<>(IntStream.range(0, 3 * SqliteItemStore.CHUNK + 10)
                    .mapToObj(i -> ItemStoreContract.plainItem("item-%05d".formatted(i), "new")).toList());
            batch.add(ItemStoreContract.plainItem("poison", "x"));
            assertThatThrownBy(() -> items.upsert(SHOP, batch)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("poisoned row");
            assertThat(items.count(SHOP)).isEqualTo(1);
            assertThat(items.get(SHOP, "item-00010").orElseThrow().title()).isEqualTo("original");
        }
    }

    @Test
    @Timeout(30)
    void forEachHoldsNoConnectionWhileTheConsumerRuns() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"), 1, Duration.ofSeconds(5))) {
            SqliteItemStore items = new SqliteItemStore(db);
            items.upsert(SHOP, IntStream.range(0, SqliteItemStore.CHUNK + 5)
                    .mapToObj(i -> ItemStoreContract.plainItem("i%05d".formatted(i), "t")).toList());
            List<String> seen = new ArrayList<>();
            // with a single reader connection, a consumer that reads and writes the store would deadlock or time
            // out if forEach held the connection
            items.forEach(SHOP, item -> {
                assertThat(items.get(SHOP, item.id())).isPresent();
                if (seen.isEmpty()) {
                    items.upsert(SHOP, List.of(ItemStoreContract.plainItem("zzz-added-during-iteration", "t")));
                }
                seen.add(item.id());
            });
            assertThat(seen).hasSize(SqliteItemStore.CHUNK + 6).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void tenThousandItemsUpsertQuickly() {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            SqliteItemStore items = new SqliteItemStore(db);
            List<Item> batch = IntStream.range(0, 10_000)
                    .mapToObj(i -> new Item("sku-" + i, "Товар 商品 " + i, "description " + i, i * 0.5, "EUR", "brand",
                            List.of("Root", "Leaf " + i % 50), Map.of("colour", "c" + i % 7), List.of("t" + i % 3),
                            i % 2 == 0, "https://img/" + i, null))
                    .toList();
            items.upsert(SHOP, batch.subList(0, 100)); // warm up JIT and statement cache
            long start = System.nanoTime();
            items.upsert(SHOP, batch);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("upsert of 10000 items took " + millis + " ms");
            assertThat(items.count(SHOP)).isEqualTo(10_000);
            // generous bound: the machine running the tests is shared; typical is a few hundred ms
            assertThat(millis).isLessThan(5_000);
        }
    }
}
