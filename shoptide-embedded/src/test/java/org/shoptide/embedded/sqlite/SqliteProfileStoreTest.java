package org.shoptide.embedded.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.testing.contract.ProfileStoreContract;

class SqliteProfileStoreTest implements ProfileStoreContract {

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
    public ProfileStore profileStore() {
        return new SqliteProfileStore(db);
    }
}
