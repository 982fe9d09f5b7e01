package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

class PostgresRestartTest extends RestartScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("restart", 8);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
