package dev.quadrangle.routing.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wrapper behind every statement of a logical connection: refuses writes on read-only connections
 * before they are sent, reports executions (writes, latency, failures) to the connection, and retries an
 * idempotent read once on another server after a connection error, recreating the statement and
 * replaying its parameters. {@code getConnection()} returns the logical connection.
 */
final class StatementHandler implements InvocationHandler {
    private enum Kind { QUERY, EXECUTE, UPDATE, BATCH, ADD_BATCH, CLEAR_BATCH, RECORD, GET_CONNECTION, UNWRAP,
        IS_WRAPPER_FOR, EQUALS, HASH_CODE, TO_STRING, DELEGATE }

    private static final Map<Method, Kind> KINDS = new ConcurrentHashMap<>();
    private static final Constructor<?> PLAIN = proxyConstructor(Statement.class);
    private static final Constructor<?> PREPARED = proxyConstructor(PreparedStatement.class);
    private static final Constructor<?> CALLABLE = proxyConstructor(CallableStatement.class);

    private final LogicalConnection owner;
    private final StatementRecipe recipe;
    private final String preparedSql;
    private final boolean retryable;
    private final List<Object[]> recorded;
    private final List<String> batch = new ArrayList<>(0);
    private Statement delegate;

    StatementHandler(LogicalConnection owner, StatementRecipe recipe, String preparedSql, Statement delegate,
            boolean retryable) {
        this.owner = owner;
        this.recipe = recipe;
        this.preparedSql = preparedSql;
        this.delegate = delegate;
        this.retryable = retryable;
        this.recorded = retryable ? new ArrayList<>() : null;
    }

    static <S extends Statement> S proxy(Class<S> type, StatementHandler handler) {
        Constructor<?> constructor = type == PreparedStatement.class ? PREPARED
                : type == Statement.class ? PLAIN : CALLABLE;
        try {
            return type.cast(constructor.newInstance(handler));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a statement wrapper for " + type.getName(), e);
        }
    }

    /** The proxy class's constructor, looked up once: creating proxies through it skips the class lookup. */
    private static Constructor<?> proxyConstructor(Class<?> type) {
        Object sample = Proxy.newProxyInstance(StatementHandler.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> null);
        try {
            return sample.getClass().getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Kind kind = KINDS.get(method);
        if (kind == null) {
            kind = KINDS.computeIfAbsent(method, StatementHandler::kindOf);
        }
        switch (kind) {
            case QUERY:
            case EXECUTE:
            case UPDATE:
            case BATCH:
                return execute(kind, method, args);
            case ADD_BATCH:
                if (args != null && args.length == 1) {
                    batch.add((String) args[0]);
                }
                record(method, args);
                return call(method, args);
            case CLEAR_BATCH:
                batch.clear();
                record(method, args);
                return call(method, args);
            case RECORD:
                record(method, args);
                return call(method, args);
            case GET_CONNECTION:
                return owner;
            case UNWRAP:
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : delegate.unwrap((Class<?>) args[0]);
            case IS_WRAPPER_FOR:
                return ((Class<?>) args[0]).isInstance(proxy) || delegate.isWrapperFor((Class<?>) args[0]);
            case EQUALS:
                return proxy == args[0];
            case HASH_CODE:
                return System.identityHashCode(proxy);
            case TO_STRING:
                return "Routed" + delegate;
            default:
                return call(method, args);
        }
    }

    private Object execute(Kind kind, Method method, Object[] args) throws Throwable {
        boolean sqlArgument = args != null && args.length > 0 && args[0] instanceof String;
        String sql = sqlArgument ? (String) args[0] : preparedSql;
        boolean updateMethod = kind == Kind.UPDATE || kind == Kind.BATCH;
        if (kind == Kind.BATCH && sql == null) {
            for (String batched : batch) {
                owner.beforeExecute(batched, true);
            }
        } else if (sqlArgument || updateMethod) {
            owner.beforeExecute(sql, updateMethod);
        }
        // a prepared query's text was checked when it was prepared
        owner.checkWriter();
        long started = System.nanoTime();
        try {
            Object result = method.invoke(delegate, args);
            owner.afterExecute(owner.tracksWrites() && wrote(kind, sql, result), System.nanoTime() - started);
            return result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof SQLException)) {
                throw cause;
            }
            SQLException error = (SQLException) cause;
            boolean retry = retryable && owner.mayRetry(error);
            owner.executeFailed(error);
            if (!retry) {
                throw error;
            }
            return retry(method, args, kind, sql, error);
        }
    }

    private Object retry(Method method, Object[] args, Kind kind, String sql, SQLException first) throws Throwable {
        Connection physical = owner.failover(first);
        delegate = recipe.create(physical);
        for (Object[] call : recorded) {
            ((Method) call[0]).invoke(delegate, (Object[]) call[1]);
        }
        long started = System.nanoTime();
        try {
            Object result = method.invoke(delegate, args);
            owner.afterExecute(owner.tracksWrites() && wrote(kind, sql, result), System.nanoTime() - started);
            return result;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                SQLException again = (SQLException) e.getCause();
                owner.executeFailed(again);
                again.addSuppressed(first);
                throw again;
            }
            throw e.getCause();
        }
    }

    private boolean wrote(Kind kind, String sql, Object result) {
        if (kind == Kind.BATCH) {
            return true;
        }
        if (kind == Kind.UPDATE) {
            return !WriteIntent.isSessionCommand(sql);
        }
        if (kind == Kind.EXECUTE && Boolean.FALSE.equals(result) && !WriteIntent.isSessionCommand(sql)) {
            return true;
        }
        return WriteIntent.mayWrite(sql);
    }

    private void record(Method method, Object[] args) {
        if (recorded != null) {
            recorded.add(new Object[] {method, args});
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Kind kindOf(Method method) {
        // JDBC interface methods are public: skipping the per-call access check (a caller-class lookup) is safe
        method.setAccessible(true);
        String name = method.getName();
        int arity = method.getParameterCount();
        switch (name) {
            case "executeQuery":
                return Kind.QUERY;
            case "execute":
                return Kind.EXECUTE;
            case "executeUpdate":
            case "executeLargeUpdate":
                return Kind.UPDATE;
            case "executeBatch":
            case "executeLargeBatch":
                return Kind.BATCH;
            case "addBatch":
                return Kind.ADD_BATCH;
            case "clearBatch":
                return Kind.CLEAR_BATCH;
            case "getConnection":
                return Kind.GET_CONNECTION;
            case "unwrap":
                return Kind.UNWRAP;
            case "isWrapperFor":
                return Kind.IS_WRAPPER_FOR;
            case "equals":
                return arity == 1 ? Kind.EQUALS : Kind.DELEGATE;
            case "hashCode":
                return arity == 0 ? Kind.HASH_CODE : Kind.DELEGATE;
            case "toString":
                return arity == 0 ? Kind.TO_STRING : Kind.DELEGATE;
            case "clearParameters":
                return Kind.RECORD;
            default:
                return name.startsWith("set") && arity > 0 && method.getDeclaringClass() != Object.class
                        ? Kind.RECORD : Kind.DELEGATE;
        }
    }
}
