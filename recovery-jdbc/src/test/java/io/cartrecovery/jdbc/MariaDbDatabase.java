package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.SQLException;

/**
 * A fresh, migrated MariaDB database (MariaDB's word for a schema) for one test class, with a pool on it, dropped
 * after the class: {@code @RegisterExtension static final MariaDbDatabase mariadb = new MariaDbDatabase("name", 4);}.
 * Skips the class (or fails it on CI) when MariaDB is unreachable.
 */
final class MariaDbDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int poolSize;
    private String database;
    private HikariDataSource dataSource;

    MariaDbDatabase(String name, int poolSize) {
        this.name = name;
        this.poolSize = poolSize;
    }

    /** Disables the class with a clear message when MariaDB is unreachable, or fails it on CI. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unreachable = Databases.mariadbUnreachable();
        if (unreachable == null) {
            return ConditionEvaluationResult.enabled("MariaDB is reachable");
        }
        if (Databases.mariadbRequired()) {
            throw new AssertionError(unreachable);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + unreachable);
        return ConditionEvaluationResult.disabled(unreachable);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = Databases.createMariaDbDatabase(name);
        dataSource = Databases.mariadb(database, poolSize);
        JdbcSchema.migrate(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        Databases.dropMariaDbDatabase(database);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    String database() {
        return database;
    }

    /** A store on the database with every data table emptied. */
    JdbcRecoveryStore emptyStore() {
        try {
            truncate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcRecoveryStore.builder(dataSource).migrate(false).build();
    }

    /** Empties every data table. */
    void truncate() throws SQLException {
        Databases.truncate(dataSource, Dialect.MARIADB);
    }
}
