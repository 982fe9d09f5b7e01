package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;

/** The crash scenario on MariaDB. */
class MariaDbCrashTest extends CrashScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("crash", 8);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }

    @Override
    void truncate() throws SQLException {
        mariadb.truncate();
    }
}
