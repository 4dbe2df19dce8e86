package dev.quadrangle.samples.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates the campus schema: the tables ({@code campus-tables.sql}), optionally the partitions of a
 * plain-DDL {@link PartitionLayout} (without one, {@link CampusPartitions} creates them through core's
 * partition manager), and, after the bulk load, the secondary indexes ({@code campus-indexes.sql}) and
 * fresh planner statistics.
 *
 * <p>Stateless apart from its layout; thread-safe. The caller owns the connection.
 */
public final class CampusSchema {
    /** The classpath resource with the tables. */
    public static final String TABLES = "campus-tables.sql";
    /** The classpath resource with the secondary indexes. */
    public static final String INDEXES = "campus-indexes.sql";

    private final PartitionLayout layout;

    /**
     * A schema over a partition layout.
     *
     * @param layout the partitions to create
     */
    public CampusSchema(PartitionLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    private CampusSchema() {
        this.layout = null;
    }

    /**
     * A schema whose {@link #createTables} creates the tables and partitioned parents only, for
     * {@link CampusPartitions#ensure} to add the partitions.
     *
     * @return the schema
     */
    public static CampusSchema tablesOnly() {
        return new CampusSchema();
    }

    /**
     * Creates the tables and, with a layout, its partitions, in one transaction.
     *
     * @param connection a connection to the (empty) target database
     * @throws SQLException when a statement fails; nothing is created then
     */
    public void createTables(Connection connection) throws SQLException {
        List<String> ddl = new ArrayList<>(statements(TABLES));
        if (layout != null) {
            ddl.addAll(layout.statements());
        }
        executeInTransaction(connection, ddl);
    }

    /**
     * Builds the secondary indexes, then vacuums and analyzes every table; run after the bulk load, so
     * that the load is not followed by autovacuum and hint-bit writes while the workload runs.
     *
     * @param connection a connection to the target database
     * @throws SQLException when a statement fails
     */
    public void createIndexesAndAnalyze(Connection connection) throws SQLException {
        executeInTransaction(connection, statements(INDEXES));
        try (Statement s = connection.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
        }
    }

    /**
     * The statements of a schema resource: separated by lines holding only {@code ;}, comments kept.
     *
     * @param resource {@link #TABLES} or {@link #INDEXES}
     * @return the statements, in order
     * @throws IllegalArgumentException when the resource does not exist
     */
    public static List<String> statements(String resource) {
        try (InputStream in = CampusSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema resource " + resource + " next to "
                        + CampusSchema.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> result = new ArrayList<>();
            for (String part : text.split("(?m)^;\\s*$")) {
                if (!stripComments(part).isBlank()) {
                    result.add(part.strip());
                }
            }
            return List.copyOf(result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema resource " + resource, e);
        }
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "");
    }

    private static void executeInTransaction(Connection connection, List<String> ddl) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
