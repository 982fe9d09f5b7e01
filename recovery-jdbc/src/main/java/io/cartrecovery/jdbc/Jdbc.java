package io.cartrecovery.jdbc;

import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/** Connection handling and exception translation shared by the store, the scheduler and the migrations. */
final class Jdbc {
    private static final int MARIADB_DUPLICATE_KEY = 1062;

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How often a pooled connection's work runs again when the database chose it as a deadlock's victim. */
    static final int DEADLOCK_RETRIES = 3;

    private final DataSource dataSource;
    private final SqlDialect sql;
    /** The host's connection while the thread runs inside {@link #bound}; otherwise unset. */
    private final ThreadLocal<Connection> hostConnection = new ThreadLocal<>();

    Jdbc(DataSource dataSource, SqlDialect sql) {
        this.dataSource = dataSource;
        this.sql = sql;
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
        for (int attempt = 0; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                sql.prepareConnection(connection);
                return work.run(connection);
            } catch (SQLException e) {
                if (attempt < DEADLOCK_RETRIES && isDeadlock(e)) {
                    continue; // the statement was rolled back: it runs again
                }
                throw failure(what, e, conflict);
            } catch (AssertionError e) {
                throw driverFailure(what, e);
            }
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
        for (int attempt = 0; ; attempt++) {
            boolean worked = false;
            try (Connection connection = dataSource.getConnection()) {
                sql.prepareConnection(connection);
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    worked = true;
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    restoreQuietly(connection, autoCommit);
                }
            } catch (SQLException e) {
                if (!worked && attempt < DEADLOCK_RETRIES && isDeadlock(e)) {
                    continue; // rolled back before its commit: the whole transaction runs again
                }
                throw failure(what, e, conflict);
            } catch (AssertionError e) {
                throw driverFailure(what, e);
            }
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

    static RuntimeException failure(String what, SQLException e, String conflict) {
        if (conflict != null && isUniqueViolation(e)) {
            // No cause: the driver's message quotes the duplicate key, which may be an email address.
            return new ConflictException(conflict);
        }
        return new StoreAccessException("could not " + what + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** SQLState 23505 (H2, PostgreSQL), or 23000 with MariaDB's and MySQL's error 1062 (duplicate key). */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())
                    || ("23000".equals(next.getSQLState()) && next.getErrorCode() == MARIADB_DUPLICATE_KEY)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLState 40001: the database rolled the transaction back to break a deadlock (MariaDB, MySQL) or a
     * serialization failure; PostgreSQL at READ COMMITTED and H2 do not report it.
     */
    static boolean isDeadlock(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("40001".equals(next.getSQLState())) {
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
}
