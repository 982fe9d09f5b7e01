package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;

/** The scheduler scenario on MariaDB: picks skip rows locked by others ({@code FOR UPDATE SKIP LOCKED}). */
class MariaDbSchedulerTest extends SchedulerScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("scheduler", 8);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }

    @Override
    void truncate() throws SQLException {
        mariadb.truncate();
    }
}
