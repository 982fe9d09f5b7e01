package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Each test on an empty database of its own (the extension skips the class when MariaDB is not there). */
class MariaDbSchemaCheckTest extends SchemaCheckScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("schemacheck", 1);

    @Override
    DataSource freshDatabase() {
        return mariadb.emptyNamespace();
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }
}
