package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Each test on an empty schema of its own (the extension skips the class when PostgreSQL is not there). */
class PostgresSchemaCheckTest extends SchemaCheckScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("schemacheck", 1);

    @Override
    DataSource freshDatabase() {
        return postgres.emptyNamespace();
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
