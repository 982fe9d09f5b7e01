package io.cartrecovery.jdbc;

import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The adapter's schema: versioned scripts under {@code db/cartrecovery/<dialect>/V<n>__<name>.sql} (Flyway
 * naming, so a host that runs Flyway can take them as they are) and a built-in migrator that applies the missing
 * ones under the table {@code cr_schema_version}.
 *
 * <p>Each script runs in its own transaction together with its version row, so a failed script leaves the
 * recorded version where it was. On PostgreSQL the migrator holds an advisory lock, so nodes that start at the
 * same time migrate one after the other; H2 is single-node and serializes within the JVM.
 */
public final class JdbcSchema {
    /** The scripts of this release, oldest first; the same names exist for every dialect. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__popups.sql", "V3__event_customer.sql",
            "V4__customer_email_key.sql", "V5__event_analytics.sql", "V6__sequence_fillfactor.sql", "V7__event_keys.sql");
    static final String LOCATION = "db/cartrecovery/";
    private static final long ADVISORY_LOCK_KEY = 0x63617274_7265636FL; // "cartreco"
    private static final Object H2_LOCK = new Object();
    /** "No such table" in PostgreSQL, H2 and standard SQL. */
    private static final java.util.Set<String> MISSING_TABLE_STATES = java.util.Set.of("42P01", "42102", "42103",
            "42104", "42S02", "42S04");

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String location;
    private final List<String> scripts;

    JdbcSchema(DataSource dataSource, Dialect dialect, String location, List<String> scripts) {
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.location = location;
        this.scripts = List.copyOf(scripts);
    }

    /** Applies the missing migrations for the detected dialect; returns the schema version afterwards. */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, Dialect.detect(dataSource));
    }

    /** Applies the missing migrations of {@code dialect}; returns the schema version afterwards. */
    public static int migrate(DataSource dataSource, Dialect dialect) {
        return new JdbcSchema(dataSource, dialect, LOCATION, SCRIPTS).migrate();
    }

    /** The version recorded in {@code cr_schema_version}, 0 when the schema was never migrated. */
    public static int currentVersion(DataSource dataSource) {
        return new Jdbc(dataSource).run("read the schema version", JdbcSchema::readVersion);
    }

    int migrate() {
        if (dialect == Dialect.H2) {
            synchronized (H2_LOCK) {
                return jdbc.run("migrate the schema", this::migrateLocked);
            }
        }
        return jdbc.run("migrate the schema", connection -> {
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
            }
            try {
                return migrateLocked(connection);
            } finally {
                try (Statement unlock = connection.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK_KEY + ")");
                }
            }
        });
    }

    private int migrateLocked(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS cr_schema_version (version INT NOT NULL PRIMARY KEY, "
                    + "script VARCHAR(200) NOT NULL, installed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)");
        }
        int current = readVersion(connection);
        for (String script : scripts) {
            int version = versionOf(script);
            if (version > current) {
                apply(connection, script, version);
                current = version;
            }
        }
        return current;
    }

    private void apply(Connection connection, String script, int version) throws SQLException {
        List<String> statements = statements(read(location + dialect.resourceFolder() + "/" + script));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            try (var insert = connection.prepareStatement(
                    "INSERT INTO cr_schema_version (version, script) VALUES (?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, script);
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new StoreAccessException("migration " + script + " failed; schema version left unchanged", e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static int readVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM cr_schema_version")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            if (MISSING_TABLE_STATES.contains(e.getSQLState())) {
                return 0; // no version table yet
            }
            throw e;
        }
    }

    static int versionOf(String script) {
        int end = script.indexOf("__");
        if (!script.startsWith("V") || end < 2) {
            throw new IllegalArgumentException("script must be named V<version>__<name>.sql: " + script);
        }
        return Integer.parseInt(script.substring(1, end));
    }

    /** Splits a script into statements at semicolons that end a line; {@code --} comments are dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreAccessException("could not read " + resource, e);
        }
    }
}
