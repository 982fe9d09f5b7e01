package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;

/** Bulk step contexts on MariaDB. */
class MariaDbStepContextsTest extends StepContextsContract {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("contexts", 4);

    @Override
    JdbcRecoveryStore newStore(Clock clock) throws SQLException {
        mariadb.truncate();
        return JdbcRecoveryStore.builder(mariadb.dataSource()).migrate(false).clock(clock).build();
    }

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }
}
