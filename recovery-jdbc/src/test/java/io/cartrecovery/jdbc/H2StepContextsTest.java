package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Clock;

/** Bulk step contexts on H2. */
class H2StepContextsTest extends StepContextsContract {
    @RegisterExtension
    final H2Database h2 = new H2Database();

    @Override
    JdbcRecoveryStore newStore(Clock clock) {
        return JdbcRecoveryStore.builder(h2.newDatabase()).migrate(false).clock(clock).build();
    }

    @Override
    DataSource dataSource() {
        return h2.dataSource();
    }
}
