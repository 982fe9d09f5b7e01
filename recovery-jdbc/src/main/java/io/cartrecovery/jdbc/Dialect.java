package io.cartrecovery.jdbc;

import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL dialects the JDBC adapter speaks. Chosen from the connection's metadata by {@link #detect}, or set
 * explicitly on the builders. Each dialect's SQL lives in one class of its own ({@link SqlDialect}).
 */
public enum Dialect {
    /** H2 2.x, in-memory or file: the embedded default, for one node. */
    H2(new H2Sql()),
    /** PostgreSQL 12 or later: several nodes share one database. */
    POSTGRESQL(new PostgresSql()),
    /**
     * MariaDB 10.6 or later (10.11 tested) and MySQL 8: several nodes share one database. The store works at
     * {@code READ COMMITTED}; configure the pool with it (see the README).
     */
    MARIADB(new MariaDbSql());

    private final SqlDialect sql;

    Dialect(SqlDialect sql) {
        this.sql = sql;
    }

    /** The dialect of the database behind {@code dataSource}. */
    public static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return detect(connection);
        } catch (SQLException e) {
            throw new StoreAccessException("could not read the database metadata", e);
        }
    }

    /** The dialect of the database of {@code connection}. */
    public static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("dataSource is " + product
                + "; supported are H2, PostgreSQL and MariaDB/MySQL");
    }

    /** This dialect's statements. */
    SqlDialect sql() {
        return sql;
    }
}
