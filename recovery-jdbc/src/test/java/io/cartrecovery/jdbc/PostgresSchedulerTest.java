package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoverySequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler scenario on PostgreSQL, and its asynchronous commits. */
class PostgresSchedulerTest extends SchedulerScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("scheduler", 8);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    void truncate() throws SQLException {
        postgres.truncate();
    }

    @Test
    void picksCommitAsynchronouslyForTheirOwnTransactionOnly() throws Exception {
        insertDue(2);
        String pick = ((PostgresSql) Dialect.POSTGRESQL.sql()).pickStatement(SqlDialect.Timers.SEQUENCES);
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (java.sql.PreparedStatement statement = connection.prepareStatement(pick)) {
                Dialect.POSTGRESQL.sql().setTime(statement, 1, DUE.plusSeconds(600));
                statement.setString(2, "n");
                Dialect.POSTGRESQL.sql().setTime(statement, 3, DUE.plusSeconds(10));
                Dialect.POSTGRESQL.sql().setTime(statement, 4, DUE.plusSeconds(10));
                statement.setInt(5, 1);
                statement.executeQuery().close();
            }
            assertThat(Databases.synchronousCommit(connection)).as("inside the pick's transaction").isEqualTo("off");
            connection.commit();
            assertThat(Databases.synchronousCommit(connection)).as("after it, on the pooled connection").isEqualTo("on");
        }
        assertThat(pickedBy("n")).as("committed and visible to every connection").isEqualTo(1);
    }

    @Test
    void aClaimInsideTheHostsTransactionIsRolledBackWithItAndLeavesItsCommitSynchronous() throws Exception {
        insertDue(1);
        RecoverySequence due = store.sequence(STORE, "s0").orElseThrow();
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.inTransaction(connection, () -> assertThat(store.compareAndSet(due,
                    due.claim(DUE.plusSeconds(10), Duration.ofMinutes(5)), List.of())).isTrue());
            assertThat(Databases.synchronousCommit(connection)).isEqualTo("on");
            connection.rollback(); // claims of other threads share a statement on another connection; this one not
        }
        assertThat(store.sequence(STORE, "s0")).contains(due);
    }
}
