package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh H2 in-memory databases for a test class, shut down after each test:
 * {@code @RegisterExtension final H2Database h2 = new H2Database();} then {@code h2.newStore()} or
 * {@code h2.newDatabase()}.
 */
final class H2Database implements AfterEachCallback {
    private JdbcDataSource dataSource;

    /** A migrated store on a new, empty database. */
    JdbcRecoveryStore newStore() {
        return JdbcRecoveryStore.builder(newDatabase()).migrate(false).build();
    }

    /** A new, empty, migrated database, shut down after the test. */
    JdbcDataSource newDatabase() {
        dataSource = Databases.h2();
        JdbcSchema.migrate(dataSource);
        return dataSource;
    }

    /** The database of this test. */
    JdbcDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (dataSource != null) {
            Databases.shutdownH2(dataSource);
            dataSource = null;
        }
    }
}
