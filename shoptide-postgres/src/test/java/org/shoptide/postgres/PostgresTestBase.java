package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.shoptide.testing.services.TestPostgres;

/**
 * A test class on its own fresh schema of the server in {@code SHOPTIDE_TEST_POSTGRES} (skipped when unset, failed
 * under {@code CI=true}): created and migrated before the first test, every table emptied before each test (the
 * contracts want an empty store per test), dropped after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresTestBase {
    PostgresDatabase db;
    String schema;

    @BeforeAll
    void createSchema() {
        schema = TestPostgres.uniqueSchema(getClass().getSimpleName());
        db = new PostgresDatabase(TestPostgres.urlWith("schema", schema));
    }

    @BeforeEach
    void emptyTables() {
        db.write(c -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history'");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tables.add('"' + rs.getString(1) + '"');
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", tables));
            }
            return null;
        });
    }

    @AfterAll
    void dropSchema() {
        if (db != null) {
            dropSchema(db, schema);
            db.close();
        }
    }

    static void dropSchema(PostgresDatabase db, String schema) {
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
            }
            return null;
        });
    }
}
