package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema version recorded by a host's own Flyway that applied the library's scripts with a history table of
 * their own. Such a table is found in the connection's schema by Flyway's fixed columns, whatever its name; it
 * counts when every versioned migration it records is one of the library's scripts at its own version (a baseline
 * row counts as its version), so the host's history table, with the host's scripts, is never taken for it.
 */
final class FlywayHistory {
    private static final String RANK = "installed_rank";

    private FlywayHistory() {}

    /** The newest version of {@code scripts} that a Flyway history table records as applied; 0 when none does. */
    static int version(Connection connection, List<String> scripts) throws SQLException {
        int found = 0;
        for (Map.Entry<String, String> table : historyTables(connection).entrySet()) {
            found = Math.max(found, version(connection, table.getKey(), table.getValue(), scripts));
        }
        return found;
    }

    /** Tables of the connection's schema with Flyway's {@code installed_rank} column, each with that column's case. */
    private static Map<String, String> historyTables(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        Map<String, String> tables = new LinkedHashMap<>();
        for (String pattern : List.of(RANK, RANK.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet columns = metaData.getColumns(catalog, schema, "%", pattern)) {
                while (columns.next()) {
                    boolean sameSchema = schema == null || schema.equals(columns.getString("TABLE_SCHEM"));
                    if (sameSchema && RANK.equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                        tables.putIfAbsent(columns.getString("TABLE_NAME"), columns.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        return tables;
    }

    private static int version(Connection connection, String table, String rankColumn, List<String> scripts)
            throws SQLException {
        boolean upper = rankColumn.equals(RANK.toUpperCase(java.util.Locale.ROOT));
        String quote = connection.getMetaData().getIdentifierQuoteString().strip();
        String query = "SELECT " + column("version", upper, quote) + ", " + column("script", upper, quote) + ", "
                + column("type", upper, quote) + " FROM " + quote + table + quote + " WHERE "
                + column("success", upper, quote) + " = TRUE";
        int applied = 0;
        int baseline = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                String version = rows.getString(1);
                String script = rows.getString(2);
                String type = rows.getString(3);
                if (version == null || "SCHEMA".equals(type)) {
                    continue; // a repeatable migration, or Flyway's record of the schemas it created
                }
                Integer number = number(version);
                if (number != null && type != null && type.contains("BASELINE")) {
                    baseline = Math.max(baseline, number);
                } else if (number != null && isScript(script, number, scripts)) {
                    applied = Math.max(applied, number);
                } else {
                    return 0; // another migration: the host's own history, not the library's
                }
            }
        }
        return applied == 0 ? 0 : Math.max(applied, baseline);
    }

    private static boolean isScript(String script, int version, List<String> scripts) {
        if (script == null) {
            return false;
        }
        String name = script.substring(script.lastIndexOf('/') + 1);
        return scripts.contains(name) && JdbcSchema.versionOf(name) == version;
    }

    private static Integer number(String version) {
        try {
            return Integer.valueOf(version.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String column(String name, boolean upper, String quote) {
        return quote + (upper ? name.toUpperCase(java.util.Locale.ROOT) : name) + quote;
    }
}
