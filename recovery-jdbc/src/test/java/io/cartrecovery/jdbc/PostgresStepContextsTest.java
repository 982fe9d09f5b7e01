package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;

/** Bulk step contexts on PostgreSQL. */
class PostgresStepContextsTest extends StepContextsContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("contexts", 4);

    @Override
    JdbcRecoveryStore newStore(Clock clock) throws SQLException {
        postgres.truncate();
        return JdbcRecoveryStore.builder(postgres.dataSource()).migrate(false).clock(clock).build();
    }

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
