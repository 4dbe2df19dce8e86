package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusSchema;
import dev.quadrangle.samples.schema.PartitionLayout;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates the schema in an empty database and loads a generated campus at COPY speed: tables and
 * partitions first, then the rows, then the secondary indexes, planner statistics and the id
 * sequences that live writes continue from.
 *
 * <p>Thread-safe; uses one connection from the given data source at a time.
 */
public final class CampusLoader {
    private final DataSource primary;
    private final PrintStream out;
    private final boolean interactive;

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
     * Creates the schema and loads the campus.
     *
     * @param generator the campus to generate
     * @param layout the partitions to create
     * @return what was loaded
     * @throws SQLException when the database refuses
     */
    public GeneratedCampus load(CampusGenerator generator, PartitionLayout layout) throws SQLException {
        long started = System.nanoTime();
        CampusSchema schema = new CampusSchema(layout);
        try (Connection c = primary.getConnection()) {
            schema.createTables(c);
            c.setAutoCommit(true);
            ProgressBar bar = new ProgressBar(out, interactive, generator.expectedRows());
            GeneratedCampus campus = generator.generate(new CopyLoader(c, bar));
            bar.finish();
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
}
