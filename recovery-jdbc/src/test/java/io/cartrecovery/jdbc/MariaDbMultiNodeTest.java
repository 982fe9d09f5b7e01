package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The multi-node scenario on MariaDB: four nodes pick with {@code FOR UPDATE SKIP LOCKED}. */
class MariaDbMultiNodeTest extends MultiNodeScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("multinode", 2);

    @Override
    HikariDataSource newPool(int size) {
        return Databases.mariadb(mariadb.namespace(), size);
    }
}
