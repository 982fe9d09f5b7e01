package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Engines rebuilt on MariaDB find all their work again. */
class MariaDbRestartTest extends RestartScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("restart", 8);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }
}
