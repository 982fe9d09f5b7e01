package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh H2 in-memory stores for a test class, shut down after each test:
 * {@code @RegisterExtension final H2Database h2 = new H2Database();} then {@code h2.newStore()}.
 */
final class H2Database implements AfterEachCallback {
    private JdbcDataSource dataSource;

    /** A migrated store on a new, empty database. */
    JdbcRecoveryStore newStore() {
        dataSource = Databases.h2();
        return JdbcRecoveryStore.builder(dataSource).build();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (dataSource != null) {
            Databases.shutdownH2(dataSource);
            dataSource = null;
        }
    }
}
