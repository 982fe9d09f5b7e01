package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.SQLException;

/**
 * A fresh, migrated MariaDB database (MariaDB's word for a schema) for one test class, dropped after it:
 * {@code @RegisterExtension static final MariaDbDatabase mariadb = new MariaDbDatabase("name", 4);}.
 */
final class MariaDbDatabase extends ServerDatabase {

    MariaDbDatabase(String name, int poolSize) {
        super(name, poolSize, Dialect.MARIADB);
    }

    @Override
    String unreachable() {
        return Databases.mariadbUnreachable();
    }

    @Override
    boolean required() {
        return Databases.mariadbRequired();
    }

    @Override
    String create(String owner) {
        return Databases.createMariaDbDatabase(owner);
    }

    @Override
    HikariDataSource pool(String database, int size) {
        return Databases.mariadb(database, size);
    }

    @Override
    void drop(String database) throws SQLException {
        Databases.dropMariaDbDatabase(database);
    }
}
