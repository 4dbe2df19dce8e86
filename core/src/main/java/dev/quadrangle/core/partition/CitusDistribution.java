package dev.quadrangle.core.partition;

import java.util.Objects;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The Citus DDL that distributes a spec's table across worker nodes by its HASH key, for write
 * scale-out by school, class or user: {@code SELECT create_distributed_table('schema.table', 'column',
 * shard_count => N)} with N the spec's hash modulus. Time partitions stay local to each shard (Citus
 * distributes partitioned tables as a whole).
 *
 * <p>Only the SQL is produced and tested here; no Citus cluster is part of this project's tests. Run
 * it once on the Citus coordinator, after the parent table exists and before it holds data.
 *
 * @param spec the table, with a HASH level
 * @param column the distribution column (the HASH key)
 * @param shardCount the number of shards (the HASH modulus)
 */
public record CitusDistribution(PartitionSpec spec, String column, int shardCount) {

    /** Validates the record. */
    public CitusDistribution {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(column, "column");
    }

    /**
     * The distribution of a spec by its HASH level (first or second).
     *
     * @param spec the table
     * @return the distribution
     * @throws IllegalArgumentException when the spec has no HASH level
     */
    public static CitusDistribution of(PartitionSpec spec) {
        PartitionLevel hash = spec.levels().stream().filter(l -> l.strategy() == PartitionLevel.Strategy.HASH).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + spec.table()
                        + " has no HASH level to distribute by: " + spec));
        return new CitusDistribution(spec, hash.column(), hash.modulus());
    }

    /** The {@code create_distributed_table} call as a jOOQ query (values inlined: it runs once, as DDL). */
    public Query query() {
        String table = DSL.using(SQLDialect.POSTGRES).render(spec.qualifiedName());
        return DSL.query("select create_distributed_table({0}, {1}, shard_count => {2})", DSL.inline(table),
                DSL.inline(column), DSL.inline(shardCount));
    }

    /** The SQL text of {@link #query()}. */
    public String sql() {
        return DSL.using(SQLDialect.POSTGRES).render(query());
    }
}
