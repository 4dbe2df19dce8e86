package dev.quadrangle.routing;

import dev.quadrangle.spi.RoutedConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writer and reader threads over a routing data source, bounded in time and count, daemon, stopped by
 * {@link #stop()}: writers insert unique ids into {@code ledger} (auto-commit), readers read
 * {@code item} rows read-only and idempotent. Records what was acknowledged and what failed.
 */
final class WorkLoad {
    private static final Duration MAX_RUN = Duration.ofSeconds(120);
    private static final int MAX_OPERATIONS_PER_THREAD = 200_000;

    final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    final List<String> writeFailures = new CopyOnWriteArrayList<>();
    final List<String> readFailures = new CopyOnWriteArrayList<>();
    final LongAdder reads = new LongAdder();
    final AtomicLong firstAckAfterMark = new AtomicLong();
    final LongAdder ackedAfterMark = new LongAdder();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final RoutingDataSource routing;
    private final int itemRows;
    private volatile long mark;
    private volatile String markTarget;

    WorkLoad(RoutingDataSource routing, int itemRows, long firstId) {
        this.routing = routing;
        this.itemRows = itemRows;
        this.ids.set(firstId);
    }

    /** Starts the threads. */
    WorkLoad start(int writers, int readers) {
        for (int i = 0; i < writers; i++) {
            threads.add(thread("writer-" + i, this::write));
        }
        for (int i = 0; i < readers; i++) {
            threads.add(thread("reader-" + i, this::read));
        }
        threads.forEach(Thread::start);
        return this;
    }

    /**
     * From now on, writes acknowledged by the given node are counted after the mark, and the first one's
     * time is kept.
     */
    void mark(long nanos, String target) {
        ackedAfterMark.reset();
        firstAckAfterMark.set(0);
        markTarget = target;
        mark = nanos;
    }

    /** Stops the threads and waits for them, 30 s at the most. */
    void stop() throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not stop within 30 s");
            }
        }
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, "workload-" + name);
        thread.setDaemon(true);
        return thread;
    }

    private boolean go(long deadline, int done) {
        return running.get() && done < MAX_OPERATIONS_PER_THREAD && System.nanoTime() < deadline;
    }

    private void write() {
        long deadline = System.nanoTime() + MAX_RUN.toNanos();
        for (int done = 0; go(deadline, done); done++) {
            long id = ids.incrementAndGet();
            try (Connection c = routing.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO ledger (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
                long now = System.nanoTime();
                acknowledged.add(id);
                long since = mark;
                String routedTo = c.unwrap(dev.quadrangle.routing.internal.LogicalConnection.class).routedTo();
                if (since != 0 && now > since && routedTo.equals(markTarget)) {
                    firstAckAfterMark.compareAndSet(0, now);
                    ackedAfterMark.increment();
                }
            } catch (SQLException e) {
                writeFailures.add(e.getSQLState() + " " + e.getMessage());
                pause();
            }
        }
    }

    private void read() {
        long deadline = System.nanoTime() + MAX_RUN.toNanos();
        for (int done = 0; go(deadline, done); done++) {
            long id = ThreadLocalRandom.current().nextLong(1, itemRows + 1);
            try (Connection c = routing.getConnection()) {
                c.setReadOnly(true);
                c.unwrap(RoutedConnection.class).setIdempotent(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT score FROM item WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != id % 100) {
                            readFailures.add("wrong answer for " + id);
                        }
                    }
                }
                reads.increment();
            } catch (SQLException e) {
                readFailures.add(e.getSQLState() + " " + e.getMessage());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
