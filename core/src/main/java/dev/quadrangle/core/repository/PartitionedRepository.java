package dev.quadrangle.core.repository;

import dev.quadrangle.core.internal.DefaultPartitionedRepository;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.Record;

/**
 * Reads and writes one partitioned table through its parent, with jOOQ. Every read takes a
 * {@link PartitionScope} that constrains each partition key column, so PostgreSQL prunes to the
 * partitions that can hold the rows; there is no method that scans all partitions, no OFFSET, and no
 * query through a partition's own name (which would bypass the parent's row-level security). For a spec
 * with a {@link dev.quadrangle.core.partition.CitusDistribution}, the scope must also name one value of the
 * distribution column, so that on Citus every read and write that carries it goes to one shard.
 *
 * <p>Rows are written as {@code Object[]} in the order of the spec's declared columns. Reads are hinted
 * read-only and idempotent through {@link dev.quadrangle.spi.RoutedConnection#hint}, so a routing
 * data source may serve them from a replica and retry them once; writes are hinted read-write.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#partitioned-repository -->
 * <pre>{@code
 * PartitionedRepository answers = PartitionedRepository.builder(spec, dataSource).build();
 * answers.copyInsert(rows);
 * KeysetPage page = answers.page(PartitionScope.between("created_at", from, to).and("user_id", 42L),
 *         DSL.noCondition(), PageRequest.orderBy("created_at", "id").descending().limit(50));
 * }</pre>
 *
 * <p>Implementations are thread-safe; the data source is the host's and is never closed.
 */
public interface PartitionedRepository {

    /**
     * Starts a repository.
     *
     * @param spec the table's spec, with declared columns
     * @param dataSource the host's data source
     * @return a builder
     */
    static Builder builder(PartitionSpec spec, DataSource dataSource) {
        return new Builder(spec, dataSource);
    }

    /** The table's spec. */
    PartitionSpec spec();

    /**
     * A view of this repository whose every statement runs in a transaction with the tenant set
     * ({@code set_config('quadrangle.tenant_id', tenant, true)}; on a Citus database {@code SET LOCAL}, which
     * Citus sends to the nodes that run the shard queries), so the generated row-level security
     * policies show and accept only that tenant's rows.
     *
     * @param tenantId the tenant (school) id, not {@code null}; its string form must not be blank
     *     ({@link dev.quadrangle.spi.Arguments#isBlank(CharSequence)})
     * @return a tenant-bound repository
     * @throws IllegalStateException when the spec has no tenant column
     * @throws IllegalArgumentException when the tenant's string form is blank
     */
    PartitionedRepository forTenant(Object tenantId);

    /**
     * Rows in a scope matching a condition, in no particular order.
     *
     * @param scope the partition key restriction
     * @param condition a further condition on declared columns (use {@code DSL.noCondition()} for none)
     * @param limit the most rows to return, 1 to {@value PageRequest#MAX_LIMIT}
     * @return the rows
     * @throws IllegalArgumentException when the scope leaves a partition key column unconstrained, or does not
     *         name one value of the spec's Citus distribution column
     */
    List<Record> find(PartitionScope scope, Condition condition, int limit);

    /**
     * Counts rows in a scope matching a condition.
     *
     * @param scope the partition key restriction
     * @param condition a further condition
     * @return the count
     * @throws IllegalArgumentException when the scope leaves a partition key column unconstrained, or does not
     *         name one value of the spec's Citus distribution column
     */
    long count(PartitionScope scope, Condition condition);

    /**
     * One keyset page.
     *
     * @param scope the partition key restriction
     * @param condition a further condition
     * @param request the sort, position and size
     * @return the page
     * @throws IllegalArgumentException when the scope leaves a partition key column unconstrained, or does not
     *         name one value of the spec's Citus distribution column
     */
    KeysetPage page(PartitionScope scope, Condition condition, PageRequest request);

    /**
     * The plan PostgreSQL chooses for {@link #find} with these arguments ({@code EXPLAIN}, text), for
     * checking that a query prunes to the expected partitions.
     *
     * @param scope the partition key restriction
     * @param condition a further condition
     * @return the plan, one line per plan node (on Citus, the distributed plan with its task count)
     * @throws IllegalArgumentException when the scope leaves a partition key column unconstrained, or does not
     *         name one value of the spec's Citus distribution column
     */
    List<String> explainFind(PartitionScope scope, Condition condition);

    /**
     * Inserts rows with {@code COPY ... FROM STDIN}, the fastest path; a duplicate key fails the whole
     * batch, and a failing batch stores none of its rows. The data is streamed in PostgreSQL's binary
     * format when every declared column has a standard type with a binary encoding here (integers,
     * floating point, boolean, character types, {@code bytea}, {@code uuid}, {@code date}, {@code timestamp},
     * {@code timestamptz}); values of another Java type are converted to the column's type first (jOOQ's
     * conversion, e.g. {@code Integer} to {@code Long}). Other column types (numeric, json, arrays, custom
     * types) use text format. Tables with a tenant column use a multi-row {@code INSERT} instead, because
     * PostgreSQL refuses {@code COPY FROM} into a table with row-level security.
     *
     * @param rows rows in declared column order
     * @return the number of rows inserted
     * @throws NoPartitionException when a row has no partition
     * @throws IllegalArgumentException when a row has the wrong number of values, or a value cannot be
     *         converted to its column's type
     */
    long copyInsert(List<Object[]> rows);

    /**
     * Inserts rows, skipping those whose primary or unique key already exists
     * ({@code INSERT ... ON CONFLICT DO NOTHING}), so a retried batch is harmless.
     *
     * @param rows rows in declared column order
     * @return the number of rows actually inserted
     * @throws NoPartitionException when a row has no partition
     */
    int insertIgnoringDuplicates(List<Object[]> rows);

    /**
     * Inserts rows or, when the primary key exists, updates the given columns
     * ({@code INSERT ... ON CONFLICT (primary key) DO UPDATE}).
     *
     * @param rows rows in declared column order
     * @param updateColumns the columns to overwrite on conflict, none of them a primary key column
     * @return the number of rows inserted or updated
     * @throws IllegalStateException when the spec declares no primary key
     * @throws NoPartitionException when a row has no partition
     */
    int upsert(List<Object[]> rows, List<String> updateColumns);

    /** The most LIST values one write call creates on demand (see {@link Builder#createListValues}). */
    int MAX_LIST_VALUES_PER_WRITE = 16;

    /** Collects a repository's settings. Not thread-safe. */
    final class Builder {
        private final PartitionSpec spec;
        private final DataSource dataSource;
        private PartitionManager listValueManager;

        private Builder(PartitionSpec spec, DataSource dataSource) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Creates LIST partitions on demand: when a write fails because a row has no partition, the repository
         * calls {@link PartitionManager#ensureListValue} for each LIST value (first or second level) of the
         * write's own rows that has no partition yet, and runs the whole write again (the failed statement
         * stored nothing). The values are taken from the rows, as {@link String#valueOf} text, never from
         * PostgreSQL's error message (which cuts long values short). At most
         * {@value #MAX_LIST_VALUES_PER_WRITE} values are created per write call; a missing RANGE partition
         * still fails with {@link NoPartitionException}. Without this, writes fail for new values.
         *
         * @param manager the host's manager (it waits for the table's maintenance lock; never closed here)
         * @return this builder
         */
        public Builder createListValues(PartitionManager manager) {
            this.listValueManager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        /**
         * Builds the repository.
         *
         * @return the repository
         * @throws IllegalStateException when the spec declares no columns, or when LIST values are to be
         *         created on demand for a spec without a LIST level
         */
        public PartitionedRepository build() {
            if (spec.columns().isEmpty()) {
                throw new IllegalStateException("table " + spec.table() + ": a repository needs the spec's declared columns");
            }
            if (listValueManager != null && spec.levels().stream().noneMatch(l -> l.strategy() == PartitionLevel.Strategy.LIST)) {
                throw new IllegalStateException("table " + spec.table() + " has no LIST level to create values for on demand: "
                        + spec);
            }
            return new DefaultPartitionedRepository(spec, dataSource, null, listValueManager);
        }
    }
}
