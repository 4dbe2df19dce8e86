package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.ArchivedPartition;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The manager's own bookkeeping, in two small tables of the catalog schema: the state of every
 * partition retention has touched ({@code partition_archive}), and the values of on-demand LIST
 * partitions ({@code partition_list_value}). All statements use bind values.
 */
public final class PartitionCatalog {
    static final Field<String> PARENT_SCHEMA = DSL.field(DSL.name("parent_schema"), SQLDataType.CLOB.notNull());
    static final Field<String> PARENT_TABLE = DSL.field(DSL.name("parent_table"), SQLDataType.CLOB.notNull());
    static final Field<String> PARTITION = DSL.field(DSL.name("partition_name"), SQLDataType.CLOB.notNull());
    static final Field<String> ACTION = DSL.field(DSL.name("action"), SQLDataType.CLOB.notNull());
    static final Field<String> STATE = DSL.field(DSL.name("state"), SQLDataType.CLOB.notNull());
    static final Field<String> LOCATION = DSL.field(DSL.name("location"), SQLDataType.CLOB);
    static final Field<Long> ROWS = DSL.field(DSL.name("row_count"), SQLDataType.BIGINT.notNull().defaultValue(-1L));
    static final Field<Long> BYTES = DSL.field(DSL.name("byte_count"), SQLDataType.BIGINT.notNull().defaultValue(-1L));
    static final Field<String> SHA256 = DSL.field(DSL.name("sha256"), SQLDataType.CLOB);
    static final Field<java.time.OffsetDateTime> UPDATED = DSL.field(DSL.name("updated_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
    static final Field<String> VALUE = DSL.field(DSL.name("value"), SQLDataType.CLOB.notNull());
    private static final long BOOTSTRAP_LOCK = 0x7175616472616E67L;

    private final String schema;
    private final Table<Record> archive;
    private final Table<Record> listValues;

    /**
     * A catalog in a schema.
     *
     * @param schema the catalog schema
     */
    public PartitionCatalog(String schema) {
        this.schema = schema;
        this.archive = DSL.table(DSL.name(schema, "partition_archive"));
        this.listValues = DSL.table(DSL.name(schema, "partition_list_value"));
    }

    /** Creates the schema and tables when missing, serialised across nodes by a transaction advisory lock. */
    public void bootstrap(MaintenanceSession session) {
        if (session.tableExists(schema, "partition_archive") && session.tableExists(schema, "partition_list_value")) {
            return;
        }
        session.inTransaction("creating the partition catalog in schema " + schema, dsl -> {
            dsl.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(BOOTSTRAP_LOCK))).fetch();
            dsl.execute(PartitionDdl.createSchema(schema));
            dsl.createTableIfNotExists(archive).columns(PARENT_SCHEMA, PARENT_TABLE, PARTITION, ACTION, STATE, LOCATION,
                    ROWS, BYTES, SHA256, UPDATED).primaryKey(PARENT_SCHEMA, PARENT_TABLE, PARTITION).execute();
            dsl.createTableIfNotExists(listValues).columns(PARENT_SCHEMA, PARENT_TABLE, VALUE)
                    .primaryKey(PARENT_SCHEMA, PARENT_TABLE, VALUE).execute();
            return null;
        });
    }

    /** Records (or re-records) a partition's archive state. */
    public void put(DSLContext dsl, PartitionSpec spec, ArchivedPartition a) {
        dsl.insertInto(archive).set(PARENT_SCHEMA, spec.schema()).set(PARENT_TABLE, spec.table())
                .set(PARTITION, a.partition()).set(ACTION, a.action().name()).set(STATE, a.state())
                .set(LOCATION, a.location().orElse(null)).set(ROWS, a.rows()).set(BYTES, a.bytes())
                .set(SHA256, a.sha256().orElse(null))
                .onConflict(PARENT_SCHEMA, PARENT_TABLE, PARTITION).doUpdate()
                .set(ACTION, a.action().name()).set(STATE, a.state()).set(LOCATION, a.location().orElse(null))
                .set(ROWS, a.rows()).set(BYTES, a.bytes()).set(SHA256, a.sha256().orElse(null))
                .set(UPDATED, DSL.currentOffsetDateTime())
                .execute();
    }

    /** Forgets a partition's archive state, for a partition that retention attached again after a failed step. */
    public void delete(DSLContext dsl, PartitionSpec spec, String partition) {
        dsl.deleteFrom(archive).where(PARENT_SCHEMA.eq(spec.schema()), PARENT_TABLE.eq(spec.table()), PARTITION.eq(partition))
                .execute();
    }

    /** Every archive record of a table. */
    public List<ArchivedPartition> all(DSLContext dsl, PartitionSpec spec) {
        return dsl.select(PARTITION, ACTION, STATE, LOCATION, ROWS, BYTES, SHA256).from(archive)
                .where(PARENT_SCHEMA.eq(spec.schema()), PARENT_TABLE.eq(spec.table())).orderBy(PARTITION)
                .fetch(r -> new ArchivedPartition(r.get(PARTITION), Retention.Action.valueOf(r.get(ACTION)), r.get(STATE),
                        Optional.ofNullable(r.get(LOCATION)), r.get(ROWS), r.get(BYTES), Optional.ofNullable(r.get(SHA256))));
    }

    /** One archive record. */
    public Optional<ArchivedPartition> find(DSLContext dsl, PartitionSpec spec, String partition) {
        return all(dsl, spec).stream().filter(a -> a.partition().equals(partition)).findFirst();
    }

    /** Remembers a LIST value so that RANGE partitions created later get its sub-partition. */
    public void addListValue(DSLContext dsl, PartitionSpec spec, String value) {
        dsl.insertInto(listValues).set(PARENT_SCHEMA, spec.schema()).set(PARENT_TABLE, spec.table()).set(VALUE, value)
                .onConflictDoNothing().execute();
    }

    /** The LIST values known for a table. */
    public List<String> listValues(DSLContext dsl, PartitionSpec spec) {
        return dsl.select(VALUE).from(listValues).where(PARENT_SCHEMA.eq(spec.schema()), PARENT_TABLE.eq(spec.table()))
                .orderBy(VALUE).fetch(VALUE);
    }
}
