package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

class PostgresConcurrentStartTest extends ConcurrentStartScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("concurrent_starts", 12);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
