package io.cartrecovery.jdbc;

import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
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
    /** The host's connection while the thread runs inside {@link #bound}; otherwise unset. */
    private final ThreadLocal<Connection> hostConnection = new ThreadLocal<>();

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} with every {@link #run} and {@link #transaction} of this thread on {@code host}, which is
     * never committed, rolled back (but to a savepoint of ours) or closed here. Other threads keep the pool.
     *
     * @throws IllegalArgumentException if {@code host} or {@code work} is null, or {@code host} auto-commits
     * @throws IllegalStateException    if this thread already runs inside a binding of this store
     */
    void bound(Connection host, Runnable work) {
        if (host == null) {
            throw new IllegalArgumentException("hostConnection must not be null");
        }
        if (work == null) {
            throw new IllegalArgumentException("work must not be null");
        }
        if (hostConnection.get() != null) {
            throw new IllegalStateException("this thread already runs inside the host's transaction; nested calls "
                    + "are not supported");
        }
        try {
            if (host.getAutoCommit()) {
                throw new IllegalArgumentException("hostConnection must not be in auto-commit mode: the host's "
                        + "transaction decides, so start it first (setAutoCommit(false))");
            }
        } catch (SQLException e) {
            throw failure("read the host connection's auto-commit mode", e, null);
        }
        hostConnection.set(host);
        try {
            work.run();
        } finally {
            hostConnection.remove();
        }
    }

    /** Whether this thread runs inside {@link #bound}. */
    boolean inHostTransaction() {
        return hostConnection.get() != null;
    }

    /** Runs {@code work} on a pooled connection in its auto-commit mode, or on the host's connection if bound. */
    <T> T run(String what, Work<T> work) {
        return run(what, null, work);
    }

    /** {@link #run(String, Work)}, where a unique-key violation becomes a {@link ConflictException} if given. */
    <T> T run(String what, String conflict, Work<T> work) {
        Connection host = hostConnection.get();
        if (host != null) {
            return inHost(what, conflict, work, false);
        }
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
     * Inside the host's transaction, {@code work} runs within a savepoint instead, rolled back to when it throws.
     */
    <T> T transaction(String what, String conflict, Work<T> work) {
        if (hostConnection.get() != null) {
            return inHost(what, conflict, work, true);
        }
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

    private <T> T inHost(String what, String conflict, Work<T> work, boolean savepoint) {
        Connection host = hostConnection.get();
        try {
            Savepoint mark = savepoint ? host.setSavepoint() : null;
            try {
                T result = work.run(host);
                if (mark != null) {
                    host.releaseSavepoint(mark);
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                if (mark != null) {
                    rollbackQuietly(host, mark, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what + " in the host's transaction", e, conflict);
        } catch (AssertionError e) {
            throw driverFailure(what + " in the host's transaction", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Savepoint savepoint, Throwable cause) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            cause.addSuppressed(e);
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
