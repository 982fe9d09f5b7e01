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
 * Test databases: a fresh H2 in-memory database, a fresh schema in the PostgreSQL on 127.0.0.1:5432
 * (database {@code test}, user {@code postgres}; system properties {@code recovery.postgres.url} and
 * {@code recovery.postgres.user} point elsewhere), or a fresh database in the MariaDB on 127.0.0.1:3306 (user
 * {@code root}, no password; {@code recovery.mariadb.url} and {@code recovery.mariadb.user}). {@link PostgresSchema}
 * and {@link MariaDbDatabase} skip their classes when the server is unreachable, unless
 * {@code RECOVERY_REQUIRE_POSTGRES=true} or {@code RECOVERY_REQUIRE_MARIADB=true} (set by {@code .ci/run}) make that
 * a failure.
 */
final class Databases {
    static final String PG_URL = System.getProperty("recovery.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getProperty("recovery.postgres.user", "postgres");
    static final String MARIADB_URL = System.getProperty("recovery.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    static final String MARIADB_USER = System.getProperty("recovery.mariadb.user", "root");
    static final String TABLES = "cr_event, cr_sequence, cr_cart, cr_customer, cr_store_settings, cr_suppression, "
            + "cr_popup, cr_event_key, cr_webhook_receipt";

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

    /** Whether {@code RECOVERY_REQUIRE_MARIADB=true} (set by {@code .ci/run}) makes a missing MariaDB a failure. */
    static boolean mariadbRequired() {
        return "true".equalsIgnoreCase(System.getenv("RECOVERY_REQUIRE_MARIADB"));
    }

    /** {@code null} when the test MariaDB answers, otherwise why it does not. */
    static String mariadbUnreachable() {
        try (Connection connection = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, "")) {
            return connection.isValid(5) ? null : "MariaDB at " + MARIADB_URL + " does not answer.";
        } catch (SQLException e) {
            return "MariaDB at " + MARIADB_URL + " is unreachable (" + e.getMessage() + "). "
                    + (mariadbRequired() ? "RECOVERY_REQUIRE_MARIADB=true makes this a failure."
                    : "Skipping the MariaDB tests; start MariaDB or set RECOVERY_REQUIRE_MARIADB=true to make this "
                    + "fail.");
        }
    }

    /** A fresh database (MariaDB's schema) in the test MariaDB. */
    static String createMariaDbDatabase(String owner) {
        String database = ("cr_" + owner + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new AssertionError("could not create database " + database + " in " + MARIADB_URL, e);
        }
        return database;
    }

    static void dropMariaDbDatabase(String database) throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    /** A HikariCP pool on {@code database}, handing out READ COMMITTED connections as the README advises. */
    static HikariDataSource mariadb(String database, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(MARIADB_URL + database);
        config.setUsername(MARIADB_USER);
        config.setMaximumPoolSize(poolSize);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("cr-test-" + database);
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
