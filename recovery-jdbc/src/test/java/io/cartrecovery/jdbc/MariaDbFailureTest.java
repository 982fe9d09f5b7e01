package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link ServerFailureTest} on MariaDB, whose connections are killed with {@code KILL}. (MariaDB commits DDL at
 * once, so PostgreSQL's test of a failed migration that leaves nothing of its script has no equivalent here.)
 */
class MariaDbFailureTest extends ServerFailureTest {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("failure", 4);

    @Override
    ServerDatabase database() {
        return mariadb;
    }

    @Override
    void kill(Connection victim) throws SQLException {
        long id;
        try (Statement statement = victim.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rows.next();
            id = rows.getLong(1);
        }
        try (Connection admin = DriverManager.getConnection(Databases.MARIADB_URL, Databases.MARIADB_USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("KILL " + id);
        }
    }

    /** MariaDB writes the sequence and its events with separate statements. */
    @Override
    String eventWritePrefix() {
        return "INSERT INTO cr_event";
    }
}
