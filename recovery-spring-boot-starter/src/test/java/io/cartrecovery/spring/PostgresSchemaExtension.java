package io.cartrecovery.spring;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL schema for one test class, dropped after it; the class is skipped with a message when
 * PostgreSQL is unreachable, unless {@code RECOVERY_REQUIRE_POSTGRES=true} (CI) makes that a failure. Declare it
 * before {@code @SpringBootTest} so that the drop runs after the Spring context closed.
 */
final class PostgresSchemaExtension implements ExecutionCondition, AfterAllCallback {
    static final String URL = System.getProperty("recovery.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("recovery.postgres.user", "postgres");
    private static String schema;

    /** The schema of the running class, created on first use. */
    static synchronized String schema() {
        if (schema == null) {
            String name = ("cr_boot_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + name);
            schema = name;
        }
        return schema;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers");
        } catch (SQLException e) {
            String unreachable = "PostgreSQL at " + URL + " is unreachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("RECOVERY_REQUIRE_POSTGRES"))) {
                throw new AssertionError(unreachable + "; RECOVERY_REQUIRE_POSTGRES=true makes this a failure");
            }
            System.err.println("SKIPPED " + context.getDisplayName() + ": " + unreachable
                    + "; start PostgreSQL or set RECOVERY_REQUIRE_POSTGRES=true to make this fail");
            return ConditionEvaluationResult.disabled(unreachable);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            schema = null;
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("could not run " + sql + " on " + URL, e);
        }
    }
}
