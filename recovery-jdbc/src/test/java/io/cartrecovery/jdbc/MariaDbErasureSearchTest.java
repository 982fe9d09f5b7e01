package io.cartrecovery.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.StringJoiner;

/** The erasure search on MariaDB: every column of each row, concatenated. */
class MariaDbErasureSearchTest extends ErasureSearchScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("erasure", 2);

    @Override
    DataSource dataSource() {
        return mariadb.dataSource();
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }

    @Override
    String listTables() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_type = 'BASE TABLE'";
    }

    @Override
    String rowAsText(Connection connection, String table) throws SQLException {
        StringJoiner columns = new StringJoiner(", ", "CONCAT_WS('|', ", ")");
        try (PreparedStatement list = connection.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ?")) {
            list.setString(1, table);
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    columns.add("CAST(t." + rows.getString(1) + " AS CHAR)");
                }
            }
        }
        return columns.toString();
    }
}
