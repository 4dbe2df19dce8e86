package dev.quadrangle.samples.modules;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out one connection the caller has bound, so that library calls taking a
 * data source ({@code PartitionedRepository.copyInsert}, {@code CounterTable.apply}) run inside the caller's
 * open transaction. The connections it returns ignore {@code close()}: the caller that bound the
 * connection commits and closes it.
 *
 * <p>For one thread at a time (the thread that bound the connection); not thread-safe.
 */
final class BoundConnection implements DataSource {
    private Connection bound;

    /** Binds the connection that {@link #getConnection()} hands out until {@link #unbind()}. */
    void bind(Connection connection) {
        if (bound != null) {
            throw new IllegalStateException("a connection is already bound");
        }
        this.bound = Objects.requireNonNull(connection, "connection");
    }

    /** Forgets the bound connection (it is not closed). */
    void unbind() {
        bound = null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection target = bound;
        if (target == null) {
            throw new SQLException("no connection is bound: the work must run in a transaction of the answer writer");
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> invoke(target, proxy, method, args));
    }

    private static Object invoke(Connection target, Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
                return null; // the binder closes the connection
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
                break;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "BoundConnection[" + target + "]";
            default:
                break;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a bound connection has no credentials of its own");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging of its own
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // nothing to log in to
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
