package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh, migrated namespace (PostgreSQL schema, MariaDB database) on a database server for one test class, with
 * a pool on it, dropped after the class. Skips the class (or fails it on CI) when the server is unreachable.
 */
abstract class ServerDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int poolSize;
    private final Dialect dialect;
    private String namespace;
    private HikariDataSource dataSource;
    private final Map<String, HikariDataSource> empty = new LinkedHashMap<>();

    ServerDatabase(String name, int poolSize, Dialect dialect) {
        this.name = name;
        this.poolSize = poolSize;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Why the server cannot be reached, or {@code null}. */
    abstract String unreachable();

    /** Whether an unreachable server fails the build (CI) instead of skipping. */
    abstract boolean required();

    abstract String create(String owner);

    abstract HikariDataSource pool(String namespace, int size);

    abstract void drop(String namespace) throws SQLException;

    /** Disables the class with a clear message when the server is unreachable, or fails it on CI. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unreachable = unreachable();
        if (unreachable == null) {
            return ConditionEvaluationResult.enabled(dialect + " is reachable");
        }
        if (required()) {
            throw new AssertionError(unreachable);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + unreachable);
        return ConditionEvaluationResult.disabled(unreachable);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        namespace = create(name);
        dataSource = pool(namespace, poolSize);
        JdbcSchema.migrate(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        drop(namespace);
        for (Map.Entry<String, HikariDataSource> other : empty.entrySet()) {
            other.getValue().close();
            drop(other.getKey());
        }
        empty.clear();
    }

    /** Another namespace, empty (not migrated), with a pool of two; dropped after the class with the first. */
    synchronized DataSource emptyNamespace() {
        String other = create(name);
        HikariDataSource pool = pool(other, 2);
        empty.put(other, pool);
        return pool;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    /** The schema or database the class runs in. */
    String namespace() {
        return namespace;
    }

    /** A store on the namespace with every data table emptied. */
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
        Databases.truncate(dataSource, dialect);
    }
}
