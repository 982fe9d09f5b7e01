package io.cartrecovery.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A data source whose connections drop when a statement whose SQL starts with a given prefix executes: the
 * real connection is aborted (a network failure mid-transaction) before the statement reaches the database. The
 * prefix {@link #COMMIT} drops the connection when a transaction commits instead.
 */
final class FailingConnections {
    /** Drops the connection at {@link Connection#commit()}, after every statement of the transaction ran. */
    static final String COMMIT = "COMMIT";

    /** What dropping a connection does to the real one, for instance terminating its server process. */
    @FunctionalInterface
    interface Dropper {
        void drop(Connection real) throws SQLException;
    }

    private FailingConnections() {}

    static DataSource dropOn(DataSource real, String sqlPrefix, Dropper dropper) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result, sqlPrefix, dropper)
                            : result;
                });
    }

    private static Connection connection(Connection real, String sqlPrefix, Dropper dropper) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && sqlPrefix.equals(COMMIT)) {
                        dropper.drop(real);
                    }
                    Object result = invoke(method, real, args);
                    if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith(sqlPrefix)) {
                        return statement((PreparedStatement) result, real, dropper);
                    }
                    return result;
                });
    }

    private static PreparedStatement statement(PreparedStatement real, Connection connection, Dropper dropper) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                dropper.drop(connection);
            }
            return invoke(method, real, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
