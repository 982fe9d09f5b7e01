package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Engine calls in the host's transaction, on PostgreSQL. */
class PostgresHostTransactionTest extends HostTransactionContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("host_tx", 4);

    @Override
    DataSource emptyDatabase() throws SQLException {
        postgres.truncate();
        return postgres.dataSource();
    }
}
