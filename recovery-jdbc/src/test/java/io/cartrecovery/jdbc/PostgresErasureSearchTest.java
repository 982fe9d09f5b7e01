package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;

/** The erasure search on PostgreSQL: each row cast to text. */
class PostgresErasureSearchTest extends ErasureSearchScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("erasure", 2);

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    String listTables() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_type = 'BASE TABLE'";
    }

    @Override
    String rowAsText(Connection connection, String table) {
        return "CAST(t AS TEXT)";
    }
}
