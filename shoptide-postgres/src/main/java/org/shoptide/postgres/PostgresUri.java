package org.shoptide.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the entity stores live: a parsed {@code postgresql://user:password@host:5432/database?schema=shoptide&pool=16}
 * (also {@code postgres://}) or a {@code jdbc:postgresql://host:5432/database?user=..&password=..&schema=..} URL.
 * <p>
 * Query parameters: {@code schema} (default {@value #DEFAULT_SCHEMA}; created by the migrations when missing; a plain
 * lower-case SQL identifier) and {@code pool} (most connections per node, default {@value #DEFAULT_POOL}); every other
 * parameter goes to the PostgreSQL JDBC driver as is (e.g. {@code sslmode=require}). User and password may also be
 * given as {@code user}/{@code password} parameters. The password never appears in {@link #toString()}.
 */
public record PostgresUri(String host, int port, String database, String user, String password, String schema,
        int poolSize, Map<String, String> driverProperties) {

    /** The schema used when the URI names none. */
    public static final String DEFAULT_SCHEMA = "shoptide";
    /** The pool size used when the URI names none. */
    public static final int DEFAULT_POOL = 10;
    /** PostgreSQL's default port. */
    public static final int DEFAULT_PORT = 5432;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresUri {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        driverProperties = Map.copyOf(driverProperties);
    }

    /**
     * Parses {@code uri}.
     *
     * @throws IllegalArgumentException
     *             naming what is wrong: the scheme, a missing host or database, a bad port, schema or pool size
     */
    public static PostgresUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String text = uri.strip();
        String rest;
        if (text.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (text.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (text.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("not a PostgreSQL URI: '" + redact(text)
                    + "'; expected postgresql://user:password@host:5432/database?schema=shoptide&pool=10"
                    + " or jdbc:postgresql://host:5432/database?user=..");
        }
        URI parsed;
        try {
            parsed = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed PostgreSQL URI '" + redact(text) + "': " + e.getReason(), e);
        }
        String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + redact(text)
                    + "' has no host (a single host[:port] is supported; a host list is not)");
        }
        int port = parsed.getPort() < 0 ? DEFAULT_PORT : parsed.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PostgreSQL URI '" + redact(text) + "' has a bad port " + port);
        }
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("PostgreSQL URI '" + redact(text)
                    + "' must name one database in its path, as in host:5432/shoptide");
        }
        String user = null;
        String password = null;
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = parsed.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (params.put(key, value) != null) {
                    throw new IllegalArgumentException(
                            "PostgreSQL URI '" + redact(text) + "' sets parameter '" + key + "' twice");
                }
            }
        }
        String schema = params.containsKey("schema") ? params.remove("schema") : DEFAULT_SCHEMA;
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema '" + schema
                    + "' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)");
        }
        int pool = DEFAULT_POOL;
        if (params.containsKey("pool")) {
            String value = params.remove("pool");
            try {
                pool = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                pool = 0;
            }
            if (pool < 1 || pool > 1000) {
                throw new IllegalArgumentException("pool must be a whole number from 1 to 1000, got '" + value + "'");
            }
        }
        if (params.containsKey("user")) {
            if (user != null) {
                throw new IllegalArgumentException("PostgreSQL URI '" + redact(text) + "' gives the user twice");
            }
            user = params.remove("user");
        }
        if (params.containsKey("password")) {
            if (password != null) {
                throw new IllegalArgumentException("PostgreSQL URI '" + redact(text) + "' gives the password twice");
            }
            password = params.remove("password");
        }
        if (params.containsKey("currentSchema")) {
            throw new IllegalArgumentException("use the schema parameter, not currentSchema");
        }
        return new PostgresUri(host, port, database, user, password, schema, pool, params);
    }

    /** The JDBC URL of the database, without user, password or the parameters this class handles itself. */
    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** {@code host:port/database}, for messages. */
    public String address() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + address()
                + "?schema=" + schema + "&pool=" + poolSize;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URI with any password replaced, fit for an error message. */
    static String redact(String uri) {
        return uri.replaceAll("(://[^:/@?]*):[^@/?]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
