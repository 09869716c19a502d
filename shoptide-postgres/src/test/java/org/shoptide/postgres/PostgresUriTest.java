package org.shoptide.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUriTest {

    @Test
    void parsesTheUriForm() {
        PostgresUri uri = PostgresUri
                .parse("postgresql://app:p%40ss@db.example:6543/shop?schema=tenant_1&pool=16" + "&sslmode=require");
        assertThat(uri).isEqualTo(new PostgresUri("db.example", 6543, "shop", "app", "p@ss", "tenant_1", 16,
                Map.of("sslmode", "require")));
        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/shop");
        assertThat(uri.toString()).doesNotContain("p@ss").contains("app:***@db.example:6543/shop");
    }

    @Test
    void parsesTheJdbcFormAndAppliesDefaults() {
        PostgresUri uri = PostgresUri.parse("jdbc:postgresql://127.0.0.1/postgres?user=postgres&password=pw");
        assertThat(uri).isEqualTo(new PostgresUri("127.0.0.1", 5432, "postgres", "postgres", "pw",
                PostgresUri.DEFAULT_SCHEMA, PostgresUri.DEFAULT_POOL, Map.of()));
        assertThat(PostgresUri.parse("postgres://h/d").host()).isEqualTo("h");
    }

    @Test
    void badUrisAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PostgresUri.parse("mysql://u:secret@h/d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PostgreSQL URI").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql:///d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h:5432")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h:99999/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/d?pool=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/d?pool=many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/d?schema=Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://u@h/d?user=v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user twice");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/d?pool=1&pool=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new PostgresDatabase("postgresql://h d/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    }
}
