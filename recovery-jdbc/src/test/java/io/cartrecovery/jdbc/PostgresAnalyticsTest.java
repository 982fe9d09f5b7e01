package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

class PostgresAnalyticsTest extends AnalyticsScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("analytics", 2);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    int randomLogs() {
        return 80;
    }
}
