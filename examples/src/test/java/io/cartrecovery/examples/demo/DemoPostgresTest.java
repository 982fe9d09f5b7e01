package io.cartrecovery.examples.demo;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.examples.demo.DemoOptions.Database;
import io.cartrecovery.jdbc.Dialect;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small demo (100 carts, 3 days) on the real PostgreSQL at 127.0.0.1:5432, database {@code test}, user
 * {@code postgres} (system property {@code recovery.postgres.url} points elsewhere), in the fresh schema the demo
 * creates; the test drops it afterwards. Skipped with a message when PostgreSQL is unreachable, failed instead when
 * {@code RECOVERY_REQUIRE_POSTGRES=true} (CI).
 */
@ExtendWith(DemoPostgresTest.PostgresReachable.class)
class DemoPostgresTest {
    static final String URL = System.getProperty("recovery.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    static Path out;
    static DemoDatabaseTest.Run run;
    static String schema;
    static PGSimpleDataSource dataSource;

    @BeforeAll
    static void runTheDemoOnPostgres() {
        run = DemoDatabaseTest.run(new DemoOptions(100, 3, 11, out, Database.at(URL)));
        schema = run.result().storage().schema();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(URL);
        dataSource.setCurrentSchema(schema);
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        if (schema != null) {
            sql(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
                }
            });
        }
    }

    @Test
    void theDemoRanInItsOwnMigratedSchemaAndSaysWhere() {
        assertThat(schema).startsWith(DemoDatabase.SCHEMA_PREFIX);
        assertThat(JdbcSchema.currentVersion(dataSource)).isGreaterThanOrEqualTo(2);
        assertThat(Dialect.detect(dataSource)).isEqualTo(Dialect.POSTGRESQL);
        assertThat(run.console())
                .contains("Cart recovery demo: 100 carts over 3 days (seed 11), store: PostgreSQL ")
                .contains(", schema " + schema + " (recovery-jdbc), built-in templates")
                .contains("Database:    schema " + schema + " kept at " + URL);
    }

    @Test
    void theReportAgreesWithAnalyticsAndTheEventLogOnThatDatabase() throws SQLException {
        DemoResult result = run.result();
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource).migrate(false).build();
        assertThat(store.analytics(result.settings(), result.from(), result.to())).isEqualTo(result.analytics());
        assertThat(AnalyticsCalculator.report(result.settings(), result.from(), result.to(),
                store.events(DemoWiring.STORE_ID, result.from(), result.to()))).isEqualTo(result.analytics());

        Map<String, Long> inDatabase = sql(connection -> {
            Map<String, Long> counts = new HashMap<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT event_type, COUNT(*) FROM cr_event GROUP BY event_type")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        });
        Map<String, Long> reported = result.events().stream()
                .collect(Collectors.groupingBy(e -> e.type().name(), Collectors.counting()));
        assertThat(inDatabase).isEqualTo(reported).containsKeys(EventType.STEP_SENT.name(),
                EventType.CART_RECOVERED.name());
        assertThat(inDatabase.get(EventType.SEQUENCE_STARTED.name())).isEqualTo(result.sequencesStarted());
        assertThat(result.analytics().recovery().count()).isPositive();
        assertThat(result.events().stream().map(RecoveryEvent::storeId)).containsOnly(DemoWiring.STORE_ID);
    }

    @Test
    void theSameSeedGivesTheSameReportOnPostgresAndOnTheEmbeddedH2(@TempDir Path other) {
        DemoResult onH2 = DemoDatabaseTest.run(new DemoOptions(100, 3, 11, other, Database.embedded())).result();
        assertThat(onH2.analytics()).isEqualTo(run.result().analytics());
        assertThat(onH2.tally()).isEqualTo(run.result().tally());
    }

    @Test
    void dropSchemaLeavesNothingBehind(@TempDir Path other) throws SQLException {
        DemoDatabaseTest.Run dropped = DemoDatabaseTest.run(new DemoOptions(20, 1, 11, other,
                Database.at(URL).droppingSchema()));
        String droppedSchema = dropped.result().storage().schema();
        assertThat(dropped.console()).contains("schema " + droppedSchema + " at " + URL + ", dropped");
        long left = sql(connection -> {
            try (var statement = connection.prepareStatement("SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?")) {
                statement.setString(1, droppedSchema);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
        assertThat(left).isZero();
    }

    /**
     * Disables the class with a clear message when PostgreSQL is unreachable (surefire counts it as skipped), or
     * fails it when {@code RECOVERY_REQUIRE_POSTGRES=true}.
     */
    static final class PostgresReachable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            PGSimpleDataSource probe = new PGSimpleDataSource();
            probe.setURL(URL);
            probe.setConnectTimeout(5);
            String problem;
            try (Connection connection = probe.getConnection()) {
                problem = connection.isValid(5) ? null : "does not answer";
            } catch (SQLException e) {
                problem = "is unreachable (" + e.getMessage() + ")";
            }
            if (problem == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL is reachable");
            }
            String message = "PostgreSQL at " + DemoOptions.redact(URL) + " " + problem + ". ";
            if ("true".equalsIgnoreCase(System.getenv("RECOVERY_REQUIRE_POSTGRES"))) {
                throw new AssertionError(message + "RECOVERY_REQUIRE_POSTGRES=true makes this a failure.");
            }
            return ConditionEvaluationResult.disabled(message + "Skipping the demo on PostgreSQL; start PostgreSQL, "
                    + "or set RECOVERY_REQUIRE_POSTGRES=true to make this fail.");
        }
    }

    private interface Sql<T> {
        T run(Connection connection) throws SQLException;
    }

    private static <T> T sql(Sql<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }
}
