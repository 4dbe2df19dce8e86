package dev.quadrangle.samples.data;

import dev.quadrangle.core.partition.EnsureResult;
import dev.quadrangle.core.partition.RetentionResult;
import dev.quadrangle.samples.schema.CampusPartitions;
import dev.quadrangle.samples.schema.CampusSchema;
import dev.quadrangle.samples.schema.PartitionLayout;
import java.util.List;
import java.util.Map;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates the schema in an empty database and loads a generated campus at COPY speed: tables and
 * partitions first, then the rows, then (with {@link CampusPartitions}) the retention run and, on Citus, the
 * reference tables, then the secondary indexes, planner statistics and the id sequences that live writes continue from.
 *
 * <p>Thread-safe; the load holds one connection of the given data source, and the partition manager
 * takes its own for its statements.
 */
public final class CampusLoader {
    private final DataSource primary;
    private final PrintStream out;
    private final boolean interactive;
    private volatile Maintenance maintenance = Maintenance.NONE;

    /**
     * A loader.
     *
     * @param primary the primary database (not closed here)
     * @param out where the progress bar goes
     * @param interactive whether {@code out} is a terminal (the bar redraws in place)
     */
    public CampusLoader(DataSource primary, PrintStream out, boolean interactive) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
    }

    /**
     * Creates the schema with the plain-DDL partitions of a layout and loads the campus.
     *
     * @param generator the campus to generate
     * @param layout the partitions to create
     * @return what was loaded
     * @throws SQLException when the database refuses
     */
    public GeneratedCampus load(CampusGenerator generator, PartitionLayout layout) throws SQLException {
        Objects.requireNonNull(layout, "layout");
        return load(generator, new CampusSchema(layout), null);
    }

    /**
     * Creates the tables, has core's partition manager create the partitions ({@link CampusPartitions#ensure}),
     * loads the campus, then applies retention; {@link #maintenance()} tells what the manager did.
     *
     * @param generator the campus to generate
     * @param partitions the partition specs of the generator's calendar
     * @return what was loaded (generated row counts, before retention)
     * @throws SQLException when the database refuses
     * @throws dev.quadrangle.core.partition.PartitionMaintenanceException when the manager fails
     */
    public GeneratedCampus load(CampusGenerator generator, CampusPartitions partitions) throws SQLException {
        Objects.requireNonNull(partitions, "partitions");
        return load(generator, CampusSchema.tablesOnly(), partitions);
    }

    /**
     * What the partition manager did in the last {@link #load(CampusGenerator, CampusPartitions)}.
     *
     * @return the ensure and retention results, empty before such a load
     */
    public Maintenance maintenance() {
        return maintenance;
    }

    private GeneratedCampus load(CampusGenerator generator, CampusSchema schema, CampusPartitions partitions)
            throws SQLException {
        long started = System.nanoTime();
        try (Connection c = primary.getConnection()) {
            schema.createTables(c);
            c.setAutoCommit(true);
            List<EnsureResult> ensured = partitions == null ? List.of() : partitions.ensure(primary);
            ProgressBar bar = new ProgressBar(out, interactive, generator.expectedRows());
            GeneratedCampus campus = generator.generate(new CopyLoader(c, bar));
            bar.finish();
            Map<String, Long> expired = partitions == null ? Map.of() : partitions.expiredRows(primary);
            Map<String, String> expiredSums = partitions == null ? Map.of() : partitions.expiredAuditChecksums(primary);
            List<RetentionResult> retention = partitions == null ? List.of() : partitions.applyRetention(primary);
            if (partitions != null) {
                // on Citus, the shared tables the grade book joins get a copy on every node; nothing on PostgreSQL
                partitions.useReferenceTables(primary);
            }
            maintenance = new Maintenance(ensured, retention, expired, expiredSums);
            schema.createIndexesAndAnalyze(c);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval('answers_id_seq', " + Math.max(1, campus.rows("answers")) + ")");
                s.execute("SELECT setval('user_interactions_id_seq', "
                        + Math.max(1, campus.rows("user_interactions")) + ")");
            }
            return new GeneratedCampus(campus.scale(), campus.calendar(), campus.rows(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * What core's partition manager did during a load.
     *
     * @param ensured the ensure runs (two per table: history, then now)
     * @param retention the retention runs (interactions, audit logs)
     * @param expiredRows the rows of each partition retention took, counted just before it ran
     * @param expiredAuditChecksums {@code md5/rows} of each audit log partition retention took, read just before it ran
     *     ({@link dev.quadrangle.samples.schema.CampusPartitions#auditChecksum}), to compare with a restore
     */
    public record Maintenance(List<EnsureResult> ensured, List<RetentionResult> retention, Map<String, Long> expiredRows,
            Map<String, String> expiredAuditChecksums) {
        /** No maintenance (a load with a plain-DDL layout). */
        public static final Maintenance NONE = new Maintenance(List.of(), List.of(), Map.of(), Map.of());

        /** Copies the lists. */
        public Maintenance {
            ensured = List.copyOf(ensured);
            retention = List.copyOf(retention);
            expiredRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expiredRows));
            expiredAuditChecksums = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expiredAuditChecksums));
        }

        /** Partitions created over all runs (parents excluded). */
        public long partitionsCreated() {
            return ensured.stream().mapToLong(r -> r.created().size()).sum();
        }
    }
}
