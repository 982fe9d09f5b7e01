package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.sql.SQLException;

class H2AnalyticsTest extends AnalyticsScenario {
    private JdbcDataSource dataSource;

    @BeforeEach
    void createDatabase() {
        dataSource = Databases.h2();
        JdbcSchema.migrate(dataSource);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        Databases.shutdownH2(dataSource);
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    int randomLogs() {
        return 100;
    }
}
