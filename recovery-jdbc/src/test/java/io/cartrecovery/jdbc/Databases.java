package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Test databases: a fresh H2 in-memory database, or a fresh schema in the PostgreSQL on 127.0.0.1:5432
 * (database {@code test}, user {@code postgres}; system properties {@code recovery.postgres.url} and
 * {@code recovery.postgres.user} point elsewhere). {@link PostgresSchema} skips the PostgreSQL classes when it is
 * unreachable, unless {@code RECOVERY_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) makes that a failure.
 */
final class Databases {
    static final String PG_URL = System.getProperty("recovery.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getProperty("recovery.postgres.user", "postgres");
    static final String TABLES = "cr_event, cr_sequence, cr_cart, cr_customer, cr_store_settings, cr_suppression";

    private Databases() {}

    /** A new, empty H2 in-memory database that lives until the JVM ends or {@link #shutdownH2} runs. */
    static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:cr-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    static void shutdownH2(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    /** Whether {@code RECOVERY_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) makes a missing PostgreSQL a failure. */
    static boolean postgresRequired() {
        return "true".equalsIgnoreCase(System.getenv("RECOVERY_REQUIRE_POSTGRES"));
    }

    /** {@code null} when the test PostgreSQL answers, otherwise why it does not. */
    static String postgresUnreachable() {
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            return connection.isValid(5) ? null : "PostgreSQL at " + PG_URL + " does not answer.";
        } catch (SQLException e) {
            return "PostgreSQL at " + PG_URL + " is unreachable (" + e.getMessage() + "). "
                    + (postgresRequired() ? "RECOVERY_REQUIRE_POSTGRES=true makes this a failure."
                    : "Skipping the PostgreSQL tests; start PostgreSQL or set RECOVERY_REQUIRE_POSTGRES=true to make "
                    + "this fail.");
        }
    }

    /** A fresh schema in the test PostgreSQL. */
    static String createPostgresSchema(String owner) {
        String schema = ("cr_" + owner + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("could not create schema " + schema + " in " + PG_URL, e);
        }
        return schema;
    }

    static void dropPostgresSchema(String schema) throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A HikariCP pool on {@code schema}. */
    static HikariDataSource postgres(String schema, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PG_URL + "?currentSchema=" + schema + "&reWriteBatchedInserts=true");
        config.setUsername(PG_USER);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("cr-test-" + schema);
        return new HikariDataSource(config);
    }

    /** Empties every data table (the schema version stays). */
    static void truncate(DataSource dataSource, Dialect dialect) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                statement.execute("TRUNCATE " + TABLES + " RESTART IDENTITY");
            } else {
                for (String table : TABLES.split(", ")) {
                    statement.execute("TRUNCATE TABLE " + table);
                }
            }
        }
    }

    /** PostgreSQL's {@code synchronous_commit} setting as {@code connection} sees it now. */
    static String synchronousCommit(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
