package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

class H2SchemaCheckTest extends SchemaCheckScenario {
    private final List<JdbcDataSource> databases = new ArrayList<>();

    @Override
    DataSource freshDatabase() {
        JdbcDataSource dataSource = Databases.h2();
        databases.add(dataSource);
        return dataSource;
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @AfterEach
    void shutdown() throws SQLException {
        for (JdbcDataSource dataSource : databases) {
            Databases.shutdownH2(dataSource);
        }
    }
}
