package dev.quadrangle.core.internal;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * What the manager asks a server about Citus, and the Citus calls it makes. Whether a database runs Citus is
 * read from the server ({@code pg_extension}), never configured, and so is whether a table is distributed
 * ({@code pg_dist_partition}, which exists only where the extension is installed). Citus's functions are
 * called with bound values: they are ordinary {@code SELECT}s, not DDL.
 */
public final class CitusTables {
    /** {@code pg_dist_partition.partmethod} of a hash-distributed table. */
    static final String HASH_DISTRIBUTED = "h";

    private CitusTables() {
    }

    /**
     * The installed version of the {@code citus} extension in the connection's database.
     *
     * @param dsl jOOQ over the connection
     * @return e.g. {@code 13.2-1}, or empty when the database has no Citus
     */
    public static Optional<String> version(DSLContext dsl) {
        return dsl.fetchOptional("select extversion from pg_extension where extname = 'citus'").map(r -> r.get(0, String.class));
    }

    /**
     * How Citus holds a table; call only where the extension is installed.
     *
     * @param dsl jOOQ over the connection
     * @param table the table
     * @return empty when the table is not in Citus's metadata (a plain local table)
     */
    public static Optional<Placement> placement(DSLContext dsl, Name table) {
        return dsl.fetchOptional("select partmethod::text, repmodel::text, column_to_column_name(logicalrelid, partkey)"
                + " from pg_dist_partition where logicalrelid = to_regclass({0})", DSL.val(render(table)))
                .map(r -> new Placement(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class)));
    }

    /**
     * {@code create_distributed_table(table, column, shard_count => n)} for a new parent.
     *
     * @param table the parent
     * @param column the distribution column
     * @param shardCount the shards
     * @return the call
     */
    public static ResultQuery<Record> distribute(Name table, String column, int shardCount) {
        return DSL.resultQuery("select create_distributed_table({0}::regclass, {1}, shard_count => {2})", DSL.val(render(table)),
                DSL.val(column), DSL.val(shardCount));
    }

    /**
     * {@code create_distributed_table(table, column, colocate_with => parent)} for a new partition: it gets the
     * parent's shard count and each of its shards lives with the parent's shard of the same hash range, so rows
     * can be moved into it and it can be attached before anything is copied through the coordinator.
     *
     * @param table the new table
     * @param column the parent's distribution column
     * @param parent the distributed parent
     * @return the call
     */
    static ResultQuery<Record> distributeLike(Name table, String column, Name parent) {
        return DSL.resultQuery("select create_distributed_table({0}::regclass, {1}, colocate_with => {2})", DSL.val(render(table)),
                DSL.val(column), DSL.val(render(parent)));
    }

    /** {@code create_reference_table(table)}: one copy of the table on every node, for joins with any shard. */
    static ResultQuery<Record> reference(Name table) {
        return DSL.resultQuery("select create_reference_table({0}::regclass)", DSL.val(render(table)));
    }

    /**
     * {@code truncate_local_data_after_distributing_table(table)}: drops the copy of a distributed table's rows
     * that Citus leaves, invisible, in the coordinator's own table.
     */
    static ResultQuery<Record> truncateLocalData(Name table) {
        return DSL.resultQuery("select truncate_local_data_after_distributing_table({0}::regclass)", DSL.val(render(table)));
    }

    static String render(Name table) {
        return DSL.using(SQLDialect.POSTGRES).render(table);
    }

    /**
     * A table's entry in {@code pg_dist_partition}.
     *
     * @param method {@code h} hash-distributed, {@code n} not distributed (reference or Citus-local table)
     * @param replication {@code t} for a reference table
     * @param column the distribution column, {@code null} for reference and Citus-local tables
     */
    public record Placement(String method, String replication, String column) {
        /** Whether the table is hash-distributed. */
        public boolean distributed() {
            return HASH_DISTRIBUTED.equals(method);
        }

        /** Whether the table is a reference table (a copy on every node). */
        public boolean reference() {
            return "n".equals(method) && "t".equals(replication);
        }
    }
}
