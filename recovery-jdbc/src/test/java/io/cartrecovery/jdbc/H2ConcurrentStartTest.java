package io.cartrecovery.jdbc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

class H2ConcurrentStartTest extends ConcurrentStartScenario {
    @RegisterExtension
    final H2Database h2 = new H2Database();

    @BeforeEach
    void createDatabase() {
        h2.newDatabase();
    }

    @Override
    DataSource dataSource() {
        return h2.dataSource();
    }
}
