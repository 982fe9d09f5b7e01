package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The multi-node scenario on PostgreSQL. */
class PostgresMultiNodeTest extends MultiNodeScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("multinode", 2);

    @Override
    HikariDataSource newPool(int size) {
        return Databases.postgres(postgres.namespace(), size);
    }
}
