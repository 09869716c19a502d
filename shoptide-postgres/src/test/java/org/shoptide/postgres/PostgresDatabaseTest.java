package org.shoptide.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.StoreException;
import org.shoptide.testing.services.TestPostgres;

/** Migrations and opening, each test on its own schema. */
class PostgresDatabaseTest {

    /** The SQLite schema history of shoptide-embedded (V1__entities.sql ...), as Flyway describes those names. */
    static final List<String> SQLITE_HISTORY = List.of("1 entities", "2 rules experiments", "3 admin accounts",
            "4 tracking consent", "5 trade", "6 customer tokens", "7 conversations", "8 feeds", "9 price tracking",
            "10 job runs", "11 alerts", "12 community", "13 identity profiles");

    @Test
    void migratingAnEmptySchemaRecordsEveryVersionAndASecondOpenIsANoOp() {
        String schema = TestPostgres.uniqueSchema("migrate");
        String url = TestPostgres.urlWith("schema", schema);
        try (PostgresDatabase first = new PostgresDatabase(url)) {
            try {
                assertThat(first.schemaVersion()).isEqualTo(PostgresDatabase.SCHEMA_VERSION).isEqualTo(13);
                assertThat(first.schemaHistory()).containsExactlyElementsOf(SQLITE_HISTORY);
                List<String> installedOn = installedOn(first);
                try (PostgresDatabase second = new PostgresDatabase(url)) {
                    assertThat(second.schemaVersion()).isEqualTo(PostgresDatabase.SCHEMA_VERSION);
                    assertThat(second.schemaHistory()).containsExactlyElementsOf(SQLITE_HISTORY);
                    assertThat(installedOn(second)).isEqualTo(installedOn);
                }
            } finally {
                PostgresTestBase.dropSchema(first, schema);
            }
        }
    }

    @Test
    void aSchemaWrittenByANewerBuildIsRefused() {
        String schema = TestPostgres.uniqueSchema("newer");
        String url = TestPostgres.urlWith("schema", schema);
        try (PostgresDatabase db = new PostgresDatabase(url)) {
            try {
                db.write(c -> {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank,"
                            + " version, description, type, script, checksum, installed_by, execution_time, success)"
                            + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 0,"
                            + " TRUE)")) {
                        p.executeUpdate();
                    }
                    return null;
                });
                assertThatThrownBy(() -> new PostgresDatabase(url).close()).isInstanceOf(StoreException.class)
                        .hasMessageContaining("schema version 99").hasMessageContaining("newer Shoptide");
            } finally {
                PostgresTestBase.dropSchema(db, schema);
            }
        }
    }

    @Test
    void anUnreachableServerIsNamedByHostAndPort() {
        // port 1 on the loopback: nothing listens there, the connection is refused at once
        assertThatThrownBy(() -> new PostgresDatabase("postgresql://shoptide:secret@127.0.0.1:1/shoptide"))
                .isInstanceOf(StoreException.class).hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("secret");
    }

    private static List<String> installedOn(PostgresDatabase db) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT installed_rank || ' ' || installed_on FROM flyway_schema_history ORDER BY installed_rank");
                    ResultSet rs = p.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }
}
