package dev.quadrangle.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Writers that insert single rows into today's partition of a table (autocommit, one connection each)
 * while maintenance runs, recording the start and latency of every insert. Bounded: each writer stops
 * at {@link #close()}, or after {@link #MAX_RUN} at the latest.
 */
final class MaintenanceLoad implements AutoCloseable {
    /** The longest the writers run. */
    static final Duration MAX_RUN = Duration.ofMinutes(10);
    private static final AtomicLong IDS = new AtomicLong(1_000_000_000L);

    /** Latency of the inserts that overlapped a window (started before its end and ended after its start). */
    record Latencies(int count, double p99Millis, double maxMillis, int errors) {
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong errors = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private MaintenanceLoad() {
    }

    /**
     * Starts writers and lets them run for a second before returning.
     *
     * @param db the database
     * @param table the partitioned table, with columns {@code (id, created_at, payload)}
     * @param writers how many writer threads
     * @return the running load
     * @throws InterruptedException when interrupted while warming up
     */
    static MaintenanceLoad start(DataSource db, String table, int writers) throws InterruptedException {
        MaintenanceLoad load = new MaintenanceLoad();
        long deadline = System.nanoTime() + MAX_RUN.toNanos();
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(() -> load.write(db, table, deadline), "quadrangle-benchmarks-writer-" + i);
            t.setDaemon(true);
            t.start();
            load.threads.add(t);
        }
        Thread.sleep(1000);
        return load;
    }

    private void write(DataSource db, String table, long deadline) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into " + table + " (id, created_at, payload) values (?, now(), 'live')")) {
            while (!stop.get() && System.nanoTime() < deadline) {
                ps.setLong(1, IDS.incrementAndGet());
                long t0 = System.nanoTime();
                try {
                    ps.executeUpdate();
                } catch (SQLException e) {
                    errors.incrementAndGet();
                }
                samples.add(new long[] {t0, System.nanoTime() - t0});
            }
        } catch (SQLException e) {
            errors.incrementAndGet();
        }
    }

    /**
     * Lets the writers run one more second, stops them, and measures the inserts that overlapped the window
     * (so one blocked for the whole window counts too).
     *
     * @param fromNanos the window's start ({@link System#nanoTime()})
     * @param toNanos the window's end
     * @return the latencies
     * @throws InterruptedException when interrupted while waiting for the writers
     */
    Latencies stopAndMeasure(long fromNanos, long toNanos) throws InterruptedException {
        Thread.sleep(1000);
        close();
        List<Long> inside = new ArrayList<>();
        for (long[] s : samples) {
            if (s[0] <= toNanos && s[0] + s[1] >= fromNanos) {
                inside.add(s[1]);
            }
        }
        inside.sort(null);
        if (inside.isEmpty()) {
            return new Latencies(0, Double.NaN, Double.NaN, (int) errors.get());
        }
        int p99 = Math.min(inside.size() - 1, (int) Math.ceil(inside.size() * 0.99) - 1);
        return new Latencies(inside.size(), inside.get(p99) / 1e6, inside.get(inside.size() - 1) / 1e6, (int) errors.get());
    }

    /** Stops the writers and waits for them (at most 30 seconds each). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
