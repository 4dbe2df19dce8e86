package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.CitusTables;
import dev.quadrangle.core.internal.Identifiers;
import java.util.Objects;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * How a table is spread over a Citus cluster for write scale-out: by the hash of one column (a school, class
 * or student id) into a number of shards. Set it on a spec with {@link PartitionSpec.Builder#distributedBy};
 * a {@link PartitionManager} then distributes the table when the database has the {@code citus} extension, and
 * creates it as an ordinary partitioned table when it has not, so the same spec serves both.
 *
 * <p>On Citus the shards play the part of a HASH level on the same column, which is therefore left out
 * ({@link PartitionSpec#citusLayout()}); RANGE and LIST levels stay local partitions of every shard. Citus
 * 13 distributes single-level partitioned tables only, which {@link PartitionSpec.Builder#build()} checks.
 *
 * <p>Immutable and thread-safe.
 */
public final class CitusDistribution {
    /** The most shards Citus accepts for one table. */
    public static final int MAX_SHARD_COUNT = 64_000;

    private final String column;
    private final int shardCount;

    private CitusDistribution(String column, int shardCount) {
        this.column = column;
        this.shardCount = shardCount;
    }

    /**
     * A distribution by the hash of a column.
     *
     * @param column the distribution column, e.g. {@code class_id}
     * @param shardCount the number of shards, 1 to {@value #MAX_SHARD_COUNT}
     * @return the distribution
     * @throws IllegalArgumentException when the column name is invalid or the shard count out of range
     */
    public static CitusDistribution hash(String column, int shardCount) {
        Identifiers.check("distribution column", column);
        if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
            throw new IllegalArgumentException("shard count must be between 1 and " + MAX_SHARD_COUNT + ", was " + shardCount);
        }
        return new CitusDistribution(column, shardCount);
    }

    /** The distribution column. */
    public String column() {
        return column;
    }

    /** The number of shards the table is created with. */
    public int shardCount() {
        return shardCount;
    }

    /**
     * The {@code create_distributed_table} call for a spec's parent table, as a jOOQ query with bound values.
     * The manager runs it itself, right after creating the parent; use it by hand only for a parent that exists
     * without partitions.
     *
     * @param spec the table
     * @return {@code select create_distributed_table(?, ?, shard_count => ?)}
     */
    public ResultQuery<Record> query(PartitionSpec spec) {
        return CitusTables.distribute(Objects.requireNonNull(spec, "spec").qualifiedName(), column, shardCount);
    }

    /**
     * The SQL text of {@link #query(PartitionSpec)} with the values inlined, to run by hand or show in a message.
     *
     * @param spec the table
     * @return e.g. {@code select create_distributed_table('"public"."grade"'::regclass, 'class_id', shard_count => 32)}
     */
    public String sql(PartitionSpec spec) {
        return DSL.using(SQLDialect.POSTGRES).renderInlined(query(spec));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CitusDistribution && ((CitusDistribution) o).column.equals(column)
                && ((CitusDistribution) o).shardCount == shardCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, shardCount);
    }

    /** E.g. {@code distributed by class_id into 32 shards}. */
    @Override
    public String toString() {
        return "distributed by " + column + " into " + shardCount + " shards";
    }
}
