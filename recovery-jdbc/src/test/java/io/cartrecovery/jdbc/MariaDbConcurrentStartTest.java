package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Concurrent starts of one abandonment on MariaDB. */
class MariaDbConcurrentStartTest extends ConcurrentStartScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("concurrent_starts", 12);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }
}
