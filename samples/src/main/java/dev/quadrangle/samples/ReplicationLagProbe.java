package dev.quadrangle.samples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Measures how long a committed write on the primary takes to become visible on a standby: write a
 * row, then poll the standby for it, once per sample.
 */
public final class ReplicationLagProbe {
    private final DataSource primary;
    private final DataSource standby;
    private final Duration timeout;

    /**
     * Creates a probe; the table {@code lag_probe(id bigint primary key, written_at timestamptz)} must exist.
     *
     * @param primary connections to the primary
     * @param standby connections to the standby
     * @param timeout how long one write may take to appear before the probe gives up
     */
    public ReplicationLagProbe(DataSource primary, DataSource standby, Duration timeout) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.standby = Objects.requireNonNull(standby, "standby");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** DDL for the probe's table. */
    public static final String DDL = "CREATE TABLE IF NOT EXISTS lag_probe (id bigint PRIMARY KEY, "
            + "written_at timestamptz NOT NULL DEFAULT clock_timestamp())";

    /**
     * Writes {@code samples} rows one by one and measures each one's visibility delay on the standby.
     *
     * @param firstId the id of the first row written
     * @param samples how many writes to measure
     * @return the delays in microseconds, sorted ascending
     * @throws SQLException when either server fails
     * @throws IllegalStateException when a row does not appear within the timeout
     */
    public long[] measure(long firstId, int samples) throws SQLException {
        long[] lagMicros = new long[samples];
        try (Connection w = primary.getConnection(); Connection r = standby.getConnection();
                PreparedStatement insert = w.prepareStatement("INSERT INTO lag_probe (id) VALUES (?)");
                PreparedStatement select = r.prepareStatement("SELECT 1 FROM lag_probe WHERE id = ?")) {
            w.setAutoCommit(true);
            for (int i = 0; i < samples; i++) {
                long id = firstId + i;
                insert.setLong(1, id);
                insert.executeUpdate();
                long committed = System.nanoTime();
                select.setLong(1, id);
                while (!visible(select)) {
                    if (System.nanoTime() - committed > timeout.toNanos()) {
                        throw new IllegalStateException("row " + id + " not visible on the standby after " + timeout);
                    }
                }
                lagMicros[i] = (System.nanoTime() - committed) / 1_000;
            }
        }
        Arrays.sort(lagMicros);
        return lagMicros;
    }

    private static boolean visible(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * The value at a percentile of sorted samples (nearest rank).
     *
     * @param sorted samples sorted ascending, not empty
     * @param percentile between 0 and 100
     * @return the sample at that rank
     */
    public static long percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100], was " + percentile);
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
