package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Engine calls in the host's transaction, on MariaDB. */
class MariaDbHostTransactionTest extends HostTransactionContract {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("host_tx", 4);

    @Override
    DataSource emptyDatabase() throws SQLException {
        mariadb.truncate();
        return mariadb.dataSource();
    }
}
