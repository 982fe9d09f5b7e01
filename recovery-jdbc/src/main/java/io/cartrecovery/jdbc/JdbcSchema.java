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
 * ones under the table {@code cr_schema_version} (after those that a Flyway history table of these scripts records,
 * when the host's Flyway applied the first ones).
 *
 * <p>Each script runs in its own transaction together with its version row, so a failed script leaves the
 * recorded version where it was; on MariaDB and MySQL every DDL statement commits at once, so a script that fails
 * halfway leaves its first statements applied (the version stays, and the script must be completed by hand). The
 * migrator holds the dialect's lock ({@link SqlDialect#migrationLock}: an advisory lock on PostgreSQL, a named
 * lock on MariaDB, a JVM lock for the single-node H2), so nodes that start at the same time migrate one after the
 * other.
 *
 * <p>A store built with {@code migrate(false)} {@linkplain #check checks} instead that the schema is at
 * {@link #latestVersion()}, whichever tool applied the scripts: the version recorded in {@code cr_schema_version}
 * by this migrator, or in a Flyway history table that records these scripts only (the host's Flyway run on
 * {@code classpath:db/cartrecovery/<dialect>} with a history table of its own).
 */
public final class JdbcSchema {
    /** The scripts of this release, oldest first; the same names exist for every dialect. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__popups.sql", "V3__event_customer.sql",
            "V4__customer_email_key.sql", "V5__event_analytics.sql", "V6__sequence_fillfactor.sql", "V7__event_keys.sql",
            "V8__webhook_receipts.sql", "V9__privacy.sql");
    static final String LOCATION = "db/cartrecovery/";
    /** "No such table" in PostgreSQL, H2 and standard SQL (MariaDB's too). */
    private static final java.util.Set<String> MISSING_TABLE_STATES = java.util.Set.of("42P01", "42102", "42103",
            "42104", "42S02", "42S04");

    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final String location;
    private final List<String> scripts;

    private final int latest;

    JdbcSchema(DataSource dataSource, Dialect dialect, String location, List<String> scripts) {
        this.sql = Objects.requireNonNull(dialect, "dialect").sql();
        this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"), sql);
        this.location = location;
        this.scripts = List.copyOf(scripts);
        this.latest = this.scripts.stream().mapToInt(JdbcSchema::versionOf).max().orElse(0);
    }

    /** The version this code needs: that of the newest of its scripts. */
    public static int latestVersion() {
        return SCRIPTS.stream().mapToInt(JdbcSchema::versionOf).max().orElseThrow();
    }

    /**
     * Checks that the schema of the detected dialect is at {@link #latestVersion()} or newer, as recorded by this
     * migrator or by a Flyway history table of the library's scripts; returns the version found.
     *
     * @throws SchemaVersionException if the schema is missing or older
     */
    public static int check(DataSource dataSource) {
        return check(dataSource, Dialect.detect(dataSource));
    }

    /** {@link #check(DataSource)} for {@code dialect}. */
    public static int check(DataSource dataSource, Dialect dialect) {
        return new JdbcSchema(dataSource, dialect, LOCATION, SCRIPTS).check();
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
        return new Jdbc(dataSource, Dialect.detect(dataSource).sql()).run("read the schema version",
                JdbcSchema::readVersion);
    }

    int check() {
        int recorded = jdbc.run("read the schema version", JdbcSchema::readVersion);
        int found = recorded >= latest ? recorded
                : Math.max(recorded, jdbc.run("read Flyway's schema history", c -> FlywayHistory.version(c, scripts)));
        if (found < latest) {
            throw new SchemaVersionException(found, latest, outdated(found));
        }
        return found;
    }

    private String outdated(int found) {
        String folder = location + sql.resourceFolder() + "/";
        List<String> missing = scripts.stream().filter(script -> versionOf(script) > found).toList();
        return (found == 0 ? "no cart recovery schema found (neither cr_schema_version nor a Flyway history table "
                + "of its scripts)" : "the cart recovery schema is at version " + found)
                + "; this code needs version " + latest + ": apply " + String.join(", ", missing) + " from "
                + folder + " (build the store with migrate(true), or run Flyway on classpath:" + folder
                + " with a history table of its own, as the README's \"Going to production\" shows)";
    }

    int migrate() {
        return jdbc.run("migrate the schema", connection -> sql.migrationLock(connection, this::migrateLocked));
    }

    private int migrateLocked(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.createVersionTable());
        }
        int current = readVersion(connection);
        if (current < latest) {
            current = Math.max(current, FlywayHistory.version(connection, scripts)); // applied by the host's Flyway
        }
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
        List<String> statements = statements(read(location + sql.resourceFolder() + "/" + script));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String ddl : statements) {
                statement.execute(ddl);
            }
            try (var insert = sql.prepare(connection, sql.insertVersion())) {
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
             ResultSet rows = statement.executeQuery(SqlDialect.READ_VERSION)) {
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
