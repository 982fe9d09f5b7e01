package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StoreAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ServerFailureTest} on PostgreSQL, whose connections are killed with {@code pg_terminate_backend}, and what
 * only PostgreSQL does: single-statement writes and migrations that roll back with their script.
 */
class PostgresFailureTest extends ServerFailureTest {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("failure", 4);

    @Override
    ServerDatabase database() {
        return postgres;
    }

    @Override
    void kill(Connection victim) throws SQLException {
        int pid;
        try (Statement statement = victim.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            pid = rows.getInt(1);
        }
        try (Connection admin = DriverManager.getConnection(Databases.PG_URL, Databases.PG_USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }

    /** PostgreSQL writes a compare-and-set and its events as one statement. */
    @Override
    String eventWritePrefix() {
        return "WITH";
    }

    @Test
    void aConnectionDroppedDuringASingleStatementInsertLeavesNothing() {
        JdbcRecoveryStore failing = droppingOn("WITH");
        RecoverySequence sequence = newSequence("s2", "u2");

        assertThatThrownBy(() -> failing.insert(sequence, List.of(started(sequence))))
                .isInstanceOf(StoreAccessException.class);

        assertThat(store.sequence("shop", "s2")).isEmpty();
        assertThat(store.eventsOfSequence("shop", "s2")).isEmpty();
    }

    @Test
    void aFailedMigrationLeavesTheSchemaVersionAndNothingOfItsScript() throws SQLException {
        String probe = Databases.createPostgresSchema("probe");
        try (HikariDataSource probeSource = Databases.postgres(probe, 2)) {
            JdbcSchema broken = new JdbcSchema(probeSource, Dialect.POSTGRESQL, "db/cartrecovery-broken/",
                    List.of("V1__one.sql", "V2__broken.sql"));

            assertThatThrownBy(broken::migrate).isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("V2__broken.sql");

            assertThat(JdbcSchema.currentVersion(probeSource)).isEqualTo(1);
            assertThat(tableExists(probeSource, "cr_probe_one")).isTrue();
            assertThat(tableExists(probeSource, "cr_probe_two")).isFalse();
        } finally {
            Databases.dropPostgresSchema(probe);
        }
    }

    private static boolean tableExists(DataSource source, String table) throws SQLException {
        try (Connection connection = source.getConnection();
             ResultSet rows = connection.getMetaData().getTables(null, connection.getSchema(), table, null)) {
            return rows.next();
        }
    }
}
