package org.shoptide.embedded.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.JobStore;
import org.shoptide.testing.contract.JobStoreContract;

class SqliteJobStoreTest implements JobStoreContract {
    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteDatabase other;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        other = new SqliteDatabase(dir.resolve("shoptide.db"));
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Override
    public JobStore jobStore() {
        return new SqliteJobStore(db);
    }

    @Override
    public JobStore jobStoreOfAnotherProcess() {
        return new SqliteJobStore(other);
    }
}
