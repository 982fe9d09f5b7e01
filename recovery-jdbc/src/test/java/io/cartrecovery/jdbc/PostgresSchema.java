package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.SQLException;

/**
 * A fresh, migrated PostgreSQL schema for one test class, with a pool on it, dropped after the class:
 * {@code @RegisterExtension static final PostgresSchema postgres = new PostgresSchema("name", poolSize);}.
 * Skips the class (or fails it on CI) when PostgreSQL is unreachable.
 */
final class PostgresSchema implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int poolSize;
    private String schema;
    private HikariDataSource dataSource;

    PostgresSchema(String name, int poolSize) {
        this.name = name;
        this.poolSize = poolSize;
    }

    /** Disables the class with a clear message when PostgreSQL is unreachable, or fails it on CI. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unreachable = Databases.postgresUnreachable();
        if (unreachable == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL is reachable");
        }
        if (Databases.postgresRequired()) {
            throw new AssertionError(unreachable);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + unreachable);
        return ConditionEvaluationResult.disabled(unreachable);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        schema = Databases.createPostgresSchema(name);
        dataSource = Databases.postgres(schema, poolSize);
        JdbcSchema.migrate(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        Databases.dropPostgresSchema(schema);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    String schema() {
        return schema;
    }

    /** A store on the schema with every data table emptied. */
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
        Databases.truncate(dataSource, Dialect.POSTGRESQL);
    }
}
