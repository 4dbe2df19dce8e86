package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Repository reads rendered once per shape and run over plain JDBC. The select list, the table and the
 * scope's predicate are rendered by jOOQ the first time a shape (scope columns, bound kinds, page order)
 * is seen; each call then renders only the caller's condition and binds values with typed
 * {@code setObject}, so a read costs one JDBC statement with a stable text (reused by the driver's
 * server-side prepared statement cache) and no per-call jOOQ execution machinery. A read whose bind
 * values or columns need jOOQ's own bindings (converters, JSON, arrays, ...) is reported as
 * {@code null} and runs through jOOQ instead. Thread-safe.
 */
final class ScopedReads {
    /**
     * Binds OffsetDateTime as a typed timestamptz parameter, not as a string cast: a cast from text is only
     * stable, which defers partition pruning to executor start-up after planning every partition.
     */
    static final Settings SETTINGS = new Settings().withBindOffsetDateTimeType(true).withBindOffsetTimeType(true);
    /** Renders without a connection; DSLContext without a connection is thread-safe and never mutated. */
    static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, SETTINGS);
    /** The most shapes kept per repository; further shapes are rendered per call (never unbounded memory). */
    static final int MAX_SHAPES = 128;
    /** Value classes pgjdbc binds and reads with their exact SQL type through {@code setObject}/{@code getObject}. */
    private static final Set<Class<?>> PLAIN = Set.of(Long.class, Integer.class, Short.class, Double.class, Float.class,
            BigDecimal.class, String.class, Boolean.class, OffsetDateTime.class, LocalDate.class, LocalDateTime.class, UUID.class);

    /** A statement and its bind values in order. */
    record Statement(String sql, List<Object> binds) {
    }

    private final PartitionSpec spec;
    private final List<Field<?>> fields;
    private final Field<?>[] fieldArray;
    private final Class<?>[] plainColumnTypes;
    private final Map<String, String[]> shapes = new ConcurrentHashMap<>();
    private final AtomicLong rendered = new AtomicLong();

    ScopedReads(PartitionSpec spec, List<Field<?>> fields) {
        this.spec = spec;
        this.fields = fields;
        this.fieldArray = fields.toArray(new Field<?>[0]);
        this.plainColumnTypes = plainTypes(fields);
    }

    /** How many shapes were rendered in full so far (each distinct shape once while the cache has room). */
    long shapesRendered() {
        return rendered.get();
    }

    /** How many shapes the cache holds, at most {@link #MAX_SHAPES}. */
    int cachedShapes() {
        return shapes.size();
    }

    /** {@code select <columns> from <parent> where <scope> [and (<condition>)] limit ?}, or {@code null}. */
    Statement findStatement(PartitionScope scope, Condition condition, int limit) {
        String[] shape = shape("find", scope, null, () -> new String[] {
            RENDERER.render(RENDERER.select(fields).from(spec.jooqTable()).where(scopeCondition(scope))), " limit ?"});
        return statement(shape, scope, condition, List.of(), limit);
    }

    /** {@code select count(*) ...}, or {@code null}. */
    Statement countStatement(PartitionScope scope, Condition condition) {
        String[] shape = shape("count", scope, null, () -> new String[] {
            RENDERER.render(RENDERER.selectCount().from(spec.jooqTable()).where(scopeCondition(scope))), ""});
        return statement(shape, scope, condition, List.of(), null);
    }

    /** A keyset page: the scope, the condition, {@code (keys) < (?, ...)} after a key, order and limit; or {@code null}. */
    Statement pageStatement(PartitionScope scope, Condition condition, PageRequest request) {
        List<Field<?>> keys = new ArrayList<>();
        List<SortField<?>> order = new ArrayList<>();
        for (String column : request.columns()) {
            Field<?> f = spec.field(column);
            keys.add(f);
            order.add(request.isDescending() ? f.desc() : f.asc());
        }
        List<Object> after = request.afterKey();
        String key = request.columns() + (request.isDescending() ? " desc" : " asc") + (after == null ? "" : " after");
        String[] shape = shape("page", scope, key, () -> {
            String seek = "";
            if (after != null) {
                Condition c = request.isDescending() ? DSL.row(keys).lt(DSL.row(typed(keys, after)))
                        : DSL.row(keys).gt(DSL.row(typed(keys, after)));
                seek = " and " + RENDERER.render(c);
            }
            return new String[] {RENDERER.render(RENDERER.select(fields).from(spec.jooqTable()).where(scopeCondition(scope))),
                seek + " order by " + RENDERER.render(DSL.list(order)) + " limit ?"};
        });
        List<Object> tail = new ArrayList<>();
        if (after != null) {
            for (int i = 0; i < keys.size(); i++) {
                tail.add(keys.get(i).getDataType().convert(after.get(i)));
            }
        }
        return statement(shape, scope, condition, tail, request.limit());
    }

    private static List<Field<?>> typed(List<Field<?>> keys, List<Object> values) {
        List<Field<?>> vals = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            vals.add(DSL.val(values.get(i), keys.get(i).getDataType()));
        }
        return vals;
    }

    private interface Renderer {
        String[] render();
    }

    private String[] shape(String kind, PartitionScope scope, String extra, Renderer renderer) {
        StringBuilder key = new StringBuilder(kind);
        for (Map.Entry<String, PartitionScope.Bound> e : scope.bounds().entrySet()) {
            key.append('|').append(e.getKey()).append(e.getValue().isEquality() ? "=" : "[)");
        }
        if (extra != null) {
            key.append('|').append(extra);
        }
        String k = key.toString();
        String[] cached = shapes.get(k);
        if (cached != null) {
            return cached;
        }
        String[] made = renderer.render();
        rendered.incrementAndGet();
        if (shapes.size() < MAX_SHAPES) {
            shapes.putIfAbsent(k, made);
        }
        return made;
    }

    private Statement statement(String[] shape, PartitionScope scope, Condition condition, List<Object> tail, Integer limit) {
        List<Object> binds = new ArrayList<>();
        for (Map.Entry<String, PartitionScope.Bound> e : scope.bounds().entrySet()) {
            DataType<?> type = spec.columns().get(e.getKey());
            binds.add(type.convert(e.getValue().from()));
            if (!e.getValue().isEquality()) {
                binds.add(type.convert(e.getValue().to()));
            }
        }
        StringBuilder sql = new StringBuilder(shape[0].length() + shape[1].length() + 64).append(shape[0]);
        if (condition != null && condition != DSL.noCondition()) {
            sql.append(" and (").append(RENDERER.render(condition)).append(')');
            binds.addAll(RENDERER.extractBindValues(condition));
        }
        sql.append(shape[1]);
        binds.addAll(tail);
        if (limit != null) {
            binds.add(limit);
        }
        for (Object value : binds) {
            if (value == null || !PLAIN.contains(value.getClass())) {
                return null;
            }
        }
        return new Statement(sql.toString(), binds);
    }

    /** The scope as a typed jOOQ condition, for rendering a shape and for the jOOQ path. */
    Condition scopeCondition(PartitionScope scope) {
        Condition result = DSL.noCondition();
        for (Map.Entry<String, PartitionScope.Bound> e : scope.bounds().entrySet()) {
            Field<?> field = spec.field(e.getKey());
            PartitionScope.Bound bound = e.getValue();
            if (bound.isEquality()) {
                result = result.and(DSL.condition("{0} = {1}", field, DSL.val(bound.from(), field.getDataType())));
            } else {
                boolean rangeKey = spec.first().strategy() == PartitionLevel.Strategy.RANGE
                        && spec.first().column().equals(e.getKey());
                if (!rangeKey) {
                    throw new IllegalArgumentException("only the RANGE key column can take a range; " + e.getKey()
                            + " is not the RANGE key of table " + spec.table());
                }
                result = result.and(DSL.condition("{0} >= {1} and {0} < {2}", field,
                        DSL.val(bound.from(), field.getDataType()), DSL.val(bound.to(), field.getDataType())));
            }
        }
        return result;
    }

    /** Runs a statement and maps each row to a record of the declared columns. */
    List<Record> fetchRecords(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement); ResultSet rs = ps.executeQuery()) {
            if (plainColumnTypes == null) {
                return new ArrayList<>(RENDERER.fetch(rs, fieldArray));
            }
            List<Record> rows = new ArrayList<>();
            Object[] values = new Object[fieldArray.length];
            while (rs.next()) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getObject(i + 1, plainColumnTypes[i]);
                }
                Record record = RENDERER.newRecord(fieldArray);
                record.fromArray(values);
                record.changed(false);
                rows.add(record);
            }
            return rows;
        }
    }

    /** Runs a statement and returns the first column of each row as text (for EXPLAIN). */
    List<String> fetchLines(Connection connection, String prefix, Statement statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, new Statement(prefix + statement.sql(), statement.binds()));
                ResultSet rs = ps.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines;
        }
    }

    /** Runs a {@code count} statement. */
    long fetchCount(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, Statement statement) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(statement.sql());
        try {
            int index = 1;
            for (Object value : statement.binds()) {
                ps.setObject(index++, value);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The Java type to read each column as, or {@code null} when a column needs jOOQ's binding to read. */
    private static Class<?>[] plainTypes(List<Field<?>> fields) {
        Class<?>[] types = new Class<?>[fields.size()];
        for (int i = 0; i < types.length; i++) {
            DataType<?> type = fields.get(i).getDataType();
            if (!PLAIN.contains(type.getType()) || type.getConverter().fromType() != type.getConverter().toType()) {
                return null;
            }
            types[i] = type.getType();
        }
        return types;
    }
}
