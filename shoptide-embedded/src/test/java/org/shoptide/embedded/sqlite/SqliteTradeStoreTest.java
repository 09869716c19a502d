package org.shoptide.embedded.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.TradeStore;
import org.shoptide.testing.contract.TradeStoreContract;

class SqliteTradeStoreTest implements TradeStoreContract {
    @TempDir
    Path dir;
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public TradeStore tradeStore() {
        return new SqliteTradeStore(db);
    }
}
