package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Engine calls in the host's transaction, on H2. */
class H2HostTransactionTest extends HostTransactionContract {
    @RegisterExtension
    final H2Database h2 = new H2Database();

    @Override
    DataSource emptyDatabase() {
        return h2.newDatabase();
    }
}
