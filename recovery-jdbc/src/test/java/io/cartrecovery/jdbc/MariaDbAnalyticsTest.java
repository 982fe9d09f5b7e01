package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** The analytics report in SQL on MariaDB. */
class MariaDbAnalyticsTest extends AnalyticsScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("analytics", 2);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }

    @Override
    int randomLogs() {
        return 80;
    }
}
