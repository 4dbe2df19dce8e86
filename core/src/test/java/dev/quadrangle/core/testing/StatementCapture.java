package dev.quadrangle.core.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A data source that records every prepared statement a repository runs, with its bind calls, so that a test can
 * ask the server to {@code EXPLAIN} exactly that statement with exactly those values. Thread-safe.
 */
public final class StatementCapture {
    private final DataSource target;
    private final List<Captured> captured = Collections.synchronizedList(new ArrayList<>());

    /** A prepared statement's text and its {@code set*} calls in order. */
    public record Captured(String sql, List<Bind> binds) {
    }

    /** One {@code set*} call on a prepared statement. */
    public record Bind(Method method, Object[] args) {
    }

    public StatementCapture(DataSource target) {
        this.target = target;
    }

    /** The recording data source. */
    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    /** Forgets what was recorded so far. */
    public void clear() {
        captured.clear();
    }

    /** The recorded statements whose text contains a fragment. */
    public List<Captured> matching(String fragment) {
        synchronized (captured) {
            return captured.stream().filter(c -> c.sql().contains(fragment)).toList();
        }
    }

    /** {@code EXPLAIN (costs off)} of a recorded statement with its recorded values, in a rolled-back transaction. */
    public List<String> explain(Captured statement) throws SQLException {
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("explain (costs off) " + statement.sql())) {
                for (Bind bind : statement.binds()) {
                    invoke(ps, bind.method(), bind.args());
                }
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                return lines;
            } finally {
                c.rollback();
            }
        }
    }

    private Connection connection(Connection physical) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(physical, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String) {
                        Captured record = new Captured((String) args[0], Collections.synchronizedList(new ArrayList<>()));
                        captured.add(record);
                        return statement((PreparedStatement) result, record);
                    }
                    return result;
                });
    }

    private PreparedStatement statement(PreparedStatement physical, Captured record) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                        record.binds().add(new Bind(method, args.clone()));
                    }
                    return invoke(physical, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
