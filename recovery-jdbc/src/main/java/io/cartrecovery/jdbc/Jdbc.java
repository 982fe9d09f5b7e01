package io.cartrecovery.jdbc;

import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Connection handling and exception translation shared by the store, the scheduler and the migrations. */
final class Jdbc {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} on a pooled connection in its auto-commit mode. */
    <T> T run(String what, Work<T> work) {
        return run(what, null, work);
    }

    /** {@link #run(String, Work)}, where a unique-key violation becomes a {@link ConflictException} if given. */
    <T> T run(String what, String conflict, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e, conflict);
        } catch (AssertionError e) {
            throw driverFailure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: it commits when {@code work} returns and rolls back when it throws.
     * A unique-key violation becomes a {@link ConflictException} with {@code conflict} as its message, when given.
     */
    <T> T transaction(String what, String conflict, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreQuietly(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw failure(what, e, conflict);
        } catch (AssertionError e) {
            throw driverFailure(what, e);
        }
    }

    /** pgjdbc 42.7 raises an AssertionError when a batch runs on a connection that died; it is a database error. */
    private static StoreAccessException driverFailure(String what, AssertionError e) {
        return new StoreAccessException("could not " + what + " (the JDBC driver failed)", e);
    }

    static PreparedStatement prepare(Connection connection, String sql, String... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement;
    }

    static RuntimeException failure(String what, SQLException e, String conflict) {
        if (conflict != null && isUniqueViolation(e)) {
            // No cause: the driver's message quotes the duplicate key, which may be an email address.
            return new ConflictException(conflict);
        }
        return new StoreAccessException("could not " + what + " (SQLState " + e.getSQLState() + ")", e);
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreQuietly(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The pool discards a broken connection; nothing else to do.
        }
    }

    /**
     * Binds a due time, rounded up to the microsecond both databases keep, so that a timer never looks due
     * before its time.
     */
    static void setDue(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            return;
        }
        Instant micros = at.truncatedTo(ChronoUnit.MICROS);
        setTime(statement, index, micros.equals(at) ? at : micros.plus(1, ChronoUnit.MICROS));
    }

    static void setTime(PreparedStatement statement, int index, Instant at) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    static Instant getTime(ResultSet rows, int index) throws SQLException {
        OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
