package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;

/** The crash scenario on PostgreSQL. */
class PostgresCrashTest extends CrashScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("crash", 8);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    void truncate() throws SQLException {
        postgres.truncate();
    }
}
