package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.CitusDistribution;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.NoPartitionException;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.spi.Arguments;
import dev.quadrangle.spi.RoutedConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** The {@link PartitionedRepository} behind the builder. Thread-safe and stateless between calls. */
public final class DefaultPartitionedRepository implements PartitionedRepository {
    /** PostgreSQL's detail line; the value is matched up to the line's last ")." as it may itself hold ") = (". */
    private static final Pattern FAILING_KEY = Pattern.compile("Partition key of the failing row contains \\(([a-z0-9_, ]+)\\) = \\((.*)\\)\\.");
    private static final int MAX_BINDS = 32_000;

    private final PartitionSpec spec;
    private final DataSource dataSource;
    private final String tenant;
    private final Table<Record> table;
    private final List<Field<?>> fields;
    private final ScopedReads reads;
    private final Optional<CopyBinary> binary;
    private final ListValueCreator listValues;
    private final TenantSetting tenantSetting;

    /**
     * Creates the repository.
     *
     * @param spec the spec, with declared columns
     * @param dataSource the host's data source
     * @param tenant the bound tenant, or {@code null}
     * @param manager creates missing LIST partitions on demand, or {@code null} to fail instead
     */
    public DefaultPartitionedRepository(PartitionSpec spec, DataSource dataSource, String tenant, PartitionManager manager) {
        this.spec = spec;
        this.dataSource = dataSource;
        this.tenant = tenant;
        this.table = spec.jooqTable();
        this.fields = spec.columns().keySet().stream().<Field<?>>map(spec::field).toList();
        this.reads = new ScopedReads(spec, fields);
        this.binary = CopyBinary.forColumns(spec.table(), spec.columns());
        this.listValues = manager == null ? null : new ListValueCreator(manager, spec, dataSource);
        this.tenantSetting = new TenantSetting();
    }

    private DefaultPartitionedRepository(DefaultPartitionedRepository parent, String tenant) {
        this.spec = parent.spec;
        this.dataSource = parent.dataSource;
        this.tenant = tenant;
        this.table = parent.table;
        this.fields = parent.fields;
        this.reads = parent.reads;
        this.binary = parent.binary;
        this.listValues = parent.listValues;
        this.tenantSetting = parent.tenantSetting;
    }

    /** The read renderer, for tests of its shape cache. */
    ScopedReads reads() {
        return reads;
    }

    @Override
    public PartitionSpec spec() {
        return spec;
    }

    @Override
    public PartitionedRepository forTenant(Object tenantId) {
        if (spec.tenantColumn().isEmpty()) {
            throw new IllegalStateException("table " + spec.table() + " has no tenant column; set tenantColumn(...) on its spec");
        }
        String tenant = String.valueOf(java.util.Objects.requireNonNull(tenantId, "tenantId"));
        return new DefaultPartitionedRepository(this, Arguments.requireNonBlank("tenantId", tenant));
    }

    @Override
    public List<Record> find(PartitionScope scope, Condition condition, int limit) {
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + PageRequest.MAX_LIMIT + ", was " + limit);
        }
        checkScope(scope);
        ScopedReads.Statement statement = reads.findStatement(scope, condition, limit);
        if (statement != null) {
            return read(c -> reads.fetchRecords(c, statement));
        }
        Condition where = scoped(scope, condition);
        return read(c -> dsl(c).select(fields).from(table).where(where).limit(limit).fetch());
    }

    @Override
    public long count(PartitionScope scope, Condition condition) {
        checkScope(scope);
        ScopedReads.Statement statement = reads.countStatement(scope, condition);
        if (statement != null) {
            return read(c -> reads.fetchCount(c, statement));
        }
        Condition where = scoped(scope, condition);
        return read(c -> (long) dsl(c).fetchCount(table, where));
    }

    @Override
    public KeysetPage page(PartitionScope scope, Condition condition, PageRequest request) {
        checkScope(scope);
        ScopedReads.Statement statement = reads.pageStatement(scope, condition, request);
        List<Record> rows = statement != null ? read(c -> reads.fetchRecords(c, statement)) : pageThroughJooq(scope, condition, request);
        Optional<List<Object>> next = Optional.empty();
        if (rows.size() == request.limit()) {
            Record last = rows.get(rows.size() - 1);
            List<Object> key = new ArrayList<>();
            for (String column : request.columns()) {
                key.add(last.get(column));
            }
            next = Optional.of(key);
        }
        return new KeysetPage(rows, next);
    }

    private List<Record> pageThroughJooq(PartitionScope scope, Condition condition, PageRequest request) {
        Condition where = scoped(scope, condition);
        List<SortField<?>> order = new ArrayList<>();
        for (String column : request.columns()) {
            Field<?> f = spec.field(column);
            order.add(request.isDescending() ? f.desc() : f.asc());
        }
        return read(c -> {
            var ordered = dsl(c).select(fields).from(table).where(where).orderBy(order);
            if (request.afterKey() == null) {
                return ordered.limit(request.limit()).fetch();
            }
            return ordered.seek(request.afterKey().toArray()).limit(request.limit()).fetch();
        });
    }

    @Override
    public List<String> explainFind(PartitionScope scope, Condition condition) {
        checkScope(scope);
        ScopedReads.Statement statement = reads.findStatement(scope, condition, 100);
        if (statement != null) {
            return read(c -> reads.fetchLines(c, "explain (costs off) ", statement));
        }
        Condition where = scoped(scope, condition);
        return read(c -> dsl(c).fetch("explain (costs off) {0}", dsl(c).select(fields).from(table).where(where).limit(100))
                .getValues(0, String.class));
    }

    /** Refuses a scope that leaves a partition key column or the distribution column unconstrained. */
    private void checkScope(PartitionScope scope) {
        for (PartitionLevel level : spec.levels()) {
            if (!scope.bounds().containsKey(level.column())) {
                throw new IllegalArgumentException("a query on table " + spec.table() + " must constrain partition key column "
                        + level.column() + " so that it prunes to its partitions; scope was " + scope.bounds().keySet()
                        + " (spec: " + spec + ")");
            }
        }
        String distribution = spec.citusDistribution().map(CitusDistribution::column).orElse(null);
        PartitionScope.Bound bound = distribution == null ? null : scope.bounds().get(distribution);
        if (distribution != null && (bound == null || !bound.isEquality())) {
            throw new IllegalArgumentException("a query on table " + spec.table() + " must constrain distribution column "
                    + distribution + " to one value (PartitionScope.equal or and) so that on Citus it goes to one shard;"
                    + " scope was " + scope.bounds().keySet() + (bound != null ? " with a range of " + distribution : "")
                    + " (spec: " + spec + ")");
        }
    }

    /** The scope and a further condition as one jOOQ condition, for the jOOQ path. */
    Condition scoped(PartitionScope scope, Condition condition) {
        checkScope(scope);
        Condition result = reads.scopeCondition(scope);
        return condition == null ? result : result.and(condition);
    }

    @Override
    public long copyInsert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        if (spec.tenantColumn().isPresent()) {
            // PostgreSQL refuses COPY FROM into a table with row-level security: insert through the policies instead
            return write(rows, c -> {
                DSLContext dsl = dsl(c);
                long inserted = 0;
                for (List<Object[]> chunk : chunks(rows)) {
                    inserted += values(dsl, chunk).execute();
                }
                return inserted;
            });
        }
        List<Field<?>> columns = spec.columns().keySet().stream().<Field<?>>map(name -> DSL.field(DSL.name(name))).toList();
        if (binary.isPresent()) {
            CopyBinary encoder = binary.get();
            org.jooq.Query copy = DSL.query("copy {0} ({1}) from stdin with (format binary)", spec.qualifiedName(), DSL.list(columns));
            return write(rows, c -> PgCopy.copyIn(c, copy, sink -> encoder.encode(rows, sink)));
        }
        byte[] data = CopyText.encode(rows, fields.size(), spec.table());
        org.jooq.Query copy = DSL.query("copy {0} ({1}) from stdin", spec.qualifiedName(), DSL.list(columns));
        return write(rows, c -> {
            try {
                return PgCopy.copyIn(c, copy, new ByteArrayInputStream(data));
            } catch (IOException e) {
                throw new SQLException("COPY into " + spec.table() + " failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public int insertIgnoringDuplicates(List<Object[]> rows) {
        return write(rows, c -> {
            DSLContext dsl = dsl(c);
            int inserted = 0;
            for (List<Object[]> chunk : chunks(rows)) {
                inserted += values(dsl, chunk).onConflictDoNothing().execute();
            }
            return inserted;
        });
    }

    @Override
    public int upsert(List<Object[]> rows, List<String> updateColumns) {
        if (spec.primaryKey().isEmpty()) {
            throw new IllegalStateException("table " + spec.table() + " declares no primary key to upsert on");
        }
        for (String column : updateColumns) {
            spec.field(column);
            if (spec.primaryKey().contains(column)) {
                throw new IllegalArgumentException("upsert cannot update primary key column " + column + " of " + spec.table());
            }
        }
        List<Field<?>> key = spec.primaryKey().stream().<Field<?>>map(spec::field).toList();
        return write(rows, c -> {
            DSLContext dsl = dsl(c);
            int changed = 0;
            for (List<Object[]> chunk : chunks(rows)) {
                var step = values(dsl, chunk).onConflict(key).doUpdate();
                Map<Field<?>, Field<?>> sets = new java.util.LinkedHashMap<>();
                for (String column : updateColumns) {
                    Field<?> f = spec.field(column);
                    sets.put(f, DSL.excluded(f));
                }
                changed += sets.isEmpty() ? values(dsl, chunk).onConflictDoNothing().execute() : step.set(sets).execute();
            }
            return changed;
        });
    }

    private InsertValuesStepN<Record> values(DSLContext dsl, List<Object[]> chunk) {
        InsertValuesStepN<Record> insert = dsl.insertInto(table, fields);
        for (Object[] row : chunk) {
            if (row.length != fields.size()) {
                throw new IllegalArgumentException("a row for table " + spec.table() + " has " + row.length
                        + " values, expected " + fields.size() + " " + spec.columns().keySet());
            }
            List<Field<?>> values = new ArrayList<>(row.length);
            for (int i = 0; i < row.length; i++) {
                values.add(DSL.val(row[i], fields.get(i).getDataType()));
            }
            insert = insert.values(values);
        }
        return insert;
    }

    private List<List<Object[]>> chunks(List<Object[]> rows) {
        int size = Math.max(1, MAX_BINDS / Math.max(1, fields.size()));
        List<List<Object[]>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += size) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + size)));
        }
        return chunks;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** jOOQ on a borrowed connection, for the paths that run through jOOQ (writes, unusual binds). */
    private static DSLContext dsl(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, ScopedReads.SETTINGS);
    }

    private <T> T read(Work<T> work) {
        return run(true, work);
    }

    /**
     * Runs a write of some rows. When a row has no partition and LIST values are created on demand, the
     * values of the rows that lack a partition are ensured and the write, rolled back whole, runs again; each
     * round ensures at least one value not ensured before, so the rounds end.
     */
    private <T> T write(List<Object[]> rows, Work<T> work) {
        ListValueCreator.Progress progress = new ListValueCreator.Progress();
        for (int attempt = 1; ; attempt++) {
            try {
                return run(false, work);
            } catch (NoPartitionException e) {
                if (listValues == null || !listValues.createFor(rows, progress)) {
                    throw e;
                }
                attempt--;
            } catch (DataAccessException e) {
                // a row routed to the DEFAULT partition while a partition for its key was being attached fails the
                // default's re-checked constraint; the statement was rolled back whole, and a retry routes it right
                String message = MaintenanceSession.rootMessage(e);
                boolean raced = checkViolation(e) && message != null && message.contains("violates partition constraint");
                if (!raced || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private <T> T run(boolean readOnly, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            // a connection outside auto-commit is in the caller's transaction (a Spring-managed one, for example):
            // join it as it is, without changing its read-only flag or committing it
            boolean joined = !c.getAutoCommit();
            if (!joined) {
                RoutedConnection.hint(c, readOnly, readOnly);
            }
            boolean tenantScoped = spec.tenantColumn().isPresent();
            if (tenantScoped && tenant == null) {
                throw new IllegalStateException("table " + spec.table() + " is isolated by tenant column "
                        + spec.tenantColumn().get() + ": use forTenant(tenantId)");
            }
            if (!tenantScoped) {
                return work.run(c);
            }
            if (joined) {
                setTenant(c); // set_config(..., true): for the rest of the caller's transaction
                return work.run(c);
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                setTenant(c);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | DataAccessException e) {
            throw translate(e);
        }
    }

    private void setTenant(Connection c) throws SQLException {
        tenantSetting.apply(c, tenant);
    }

    /**
     * Whether a failure is a check violation (23514). Citus's COPY into a distributed table reports a shard's
     * error as an internal error (XX000) with the message and detail intact, so that state counts too; the
     * callers also match the message.
     */
    private static boolean checkViolation(Exception e) {
        String state = MaintenanceSession.sqlState(e);
        return "23514".equals(state) || "XX000".equals(state);
    }

    private RuntimeException translate(Exception e) {
        String message = MaintenanceSession.rootMessage(e);
        if (checkViolation(e) && message != null && message.contains("no partition of relation")) {
            Matcher m = FAILING_KEY.matcher(message);
            String key = m.find() ? m.group(1) + " = " + m.group(2) : "(key not reported)";
            return new NoPartitionException(spec.schema() + "." + spec.table(), key, spec.toString(), e);
        }
        return e instanceof DataAccessException ? (DataAccessException) e
                : new DataAccessException("statement on " + spec.table() + " failed: " + message, e);
    }
}
