package org.shoptide.embedded.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.testing.contract.IdentityGraphStoreContract;

class SqliteIdentityGraphStoreTest implements IdentityGraphStoreContract {

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
    public IdentityGraphStore identityGraphStore() {
        return new SqliteIdentityGraphStore(db, Clock.systemUTC());
    }
}
