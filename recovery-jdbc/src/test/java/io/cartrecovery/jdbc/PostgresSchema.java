package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.SQLException;

/**
 * A fresh, migrated PostgreSQL schema for one test class, dropped after it:
 * {@code @RegisterExtension static final PostgresSchema postgres = new PostgresSchema("name", poolSize);}.
 */
final class PostgresSchema extends ServerDatabase {

    PostgresSchema(String name, int poolSize) {
        super(name, poolSize, Dialect.POSTGRESQL);
    }

    @Override
    String unreachable() {
        return Databases.postgresUnreachable();
    }

    @Override
    boolean required() {
        return Databases.postgresRequired();
    }

    @Override
    String create(String owner) {
        return Databases.createPostgresSchema(owner);
    }

    @Override
    HikariDataSource pool(String schema, int size) {
        return Databases.postgres(schema, size);
    }

    @Override
    void drop(String schema) throws SQLException {
        Databases.dropPostgresSchema(schema);
    }
}
