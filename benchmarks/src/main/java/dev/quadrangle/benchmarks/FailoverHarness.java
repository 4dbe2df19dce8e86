package dev.quadrangle.benchmarks;

import dev.quadrangle.routing.NodeRole;
import dev.quadrangle.routing.NodeStatus;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.routing.RoutingDataSourceBuilder;
import dev.quadrangle.routing.internal.LogicalConnection;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failovers in a row under write and read load, on a three-node {@link PostgresTopology} whose nodes routing
 * discovers with its default intervals: each time the primary is stopped, a standby is promoted a gap later
 * and the other re-pointed (as an HA tool would), writes are awaited on the new primary, and the old primary
 * is rebuilt as a standby before the next round. Prints, per failover and as p50 and max, the time from
 * the promotion call to the first write acknowledged by the new primary and from the stop to it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.FailoverHarness [failovers] [gapMillis] [ASYNC|SYNC]
 * </pre>
 */
public final class FailoverHarness {
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private FailoverHarness() {
    }

    /**
     * Runs the failovers and prints the figures.
     *
     * @param args failovers (default 10, at most 50), gap between stop and promotion in ms (default 1000),
     *     replication mode (default ASYNC)
     * @throws Exception when the topology cannot start or a failover does not complete in time
     */
    public static void main(String[] args) throws Exception {
        int failovers = Math.min(50, args.length > 0 ? Integer.parseInt(args[0]) : 10);
        long gapMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        ReplicationMode mode = args.length > 2 ? ReplicationMode.valueOf(args[2]) : ReplicationMode.ASYNC;
        List<Long> promotionToWrite = new ArrayList<>();
        List<Long> stopToWrite = new ArrayList<>();
        try (PostgresTopology topology = PostgresTopology.start(2, mode);
                TestDatabase db = topology.createDatabase("failover_bench")) {
            try (Connection c = topology.primary().connect(db.name()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ledger (id bigint PRIMARY KEY)");
            }
            topology.awaitCaughtUp(MAX_WAIT);
            RoutingDataSourceBuilder builder = RoutingDataSource.builder();
            for (PostgresNode node : topology.nodes()) {
                builder.node(node.name(), node.jdbcUrl(db.name()), topology.user(), topology.password());
            }
            try (RoutingDataSource routing = builder.build()) {
                Load load = new Load(routing);
                try {
                    for (int i = 1; i <= failovers; i++) {
                        long[] figures = failover(topology, routing, load, gapMillis);
                        promotionToWrite.add(figures[0]);
                        stopToWrite.add(figures[1]);
                        System.out.printf("failover %d: promotion called -> first write %d ms, stop -> first write"
                                + " %d ms%n", i, figures[0], figures[1]);
                    }
                } finally {
                    load.stop();
                }
                System.out.printf("%d failovers (%s, gap %d ms, default intervals): promotion called -> first write"
                        + " p50 %d ms, max %d ms; stop -> first write p50 %d ms, max %d ms; %d writes acknowledged,"
                        + " %d failed; %d reads, %d failed%n", failovers, mode, gapMillis, p50(promotionToWrite),
                        max(promotionToWrite), p50(stopToWrite), max(stopToWrite), load.acknowledged.sum(),
                        load.writeFailures.sum(), load.reads.sum(), load.readFailures.sum());
                load.failures.forEach(f -> System.out.println("  " + f));
            }
        }
    }

    private static long[] failover(PostgresTopology topology, RoutingDataSource routing, Load load, long gapMillis)
            throws InterruptedException {
        PostgresNode old = topology.primary();
        PostgresNode next = topology.standbys().get(0);
        await("routing writes to " + old.name(), () -> old.name().equals(writer(routing)));
        // from a steady state: every standby serves reads (until one does, reads fall back to the primary,
        // and a read in flight there when it stops fails like a write, unless marked idempotent)
        for (PostgresNode standby : topology.standbys()) {
            await(standby.name() + " serves reads", () -> servesReads(routing, standby.name()));
        }
        long before = load.acknowledged.sum();
        // a pool whose very first connection dies while HikariCP sets it up stays broken (it keeps an
        // undetected isolation level): let every pool connect before the stop
        await("100 writes acknowledged by " + old.name(), () -> load.acknowledged.sum() >= before + 100);
        Thread.sleep(500);
        old.stop();
        long stopped = System.nanoTime();
        load.watch(next.name());
        Thread.sleep(gapMillis);
        long promoting = System.nanoTime();
        topology.promote(next);
        topology.repointStandbys(next);
        await("a write acknowledged by " + next.name(), () -> load.firstWrite.get() != 0);
        long first = load.firstWrite.get();
        topology.rejoinAsStandby(old, next);
        return new long[] {(first - promoting) / 1_000_000, (first - stopped) / 1_000_000};
    }

    private static boolean servesReads(RoutingDataSource routing, String node) {
        return routing.nodeStatuses().stream().anyMatch(s -> s.name().equals(node) && s.role() == NodeRole.REPLICA
                && s.health().eligible());
    }

    private static String writer(RoutingDataSource routing) {
        return routing.nodeStatuses().stream().filter(NodeStatus::writer).map(NodeStatus::name).findFirst()
                .orElse(null);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + MAX_WAIT + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static long p50(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Writer and reader daemon threads, bounded in time; notes the first write a watched node acknowledges. */
    private static final class Load {
        private static final Duration MAX_RUN = Duration.ofMinutes(30);

        final LongAdder acknowledged = new LongAdder();
        final LongAdder writeFailures = new LongAdder();
        final LongAdder reads = new LongAdder();
        final LongAdder readFailures = new LongAdder();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicLong firstWrite = new AtomicLong();
        private final AtomicLong ids = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final RoutingDataSource routing;
        private volatile String watched;

        Load(RoutingDataSource routing) {
            this.routing = routing;
            for (int i = 0; i < WRITERS + READERS; i++) {
                boolean writer = i < WRITERS;
                Thread thread = new Thread(writer ? this::write : this::read,
                        "failover-harness-" + (writer ? "writer-" : "reader-") + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void watch(String node) {
            firstWrite.set(0);
            watched = node;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        private void write() {
            long deadline = System.nanoTime() + MAX_RUN.toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                try (Connection c = routing.getConnection();
                        PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?)")) {
                    ps.setLong(1, ids.incrementAndGet());
                    ps.executeUpdate();
                    long now = System.nanoTime();
                    acknowledged.increment();
                    if (c.unwrap(LogicalConnection.class).routedTo().equals(watched)) {
                        firstWrite.compareAndSet(0, now);
                    }
                } catch (SQLException e) {
                    writeFailures.increment();
                    note("write", e);
                    pause();
                }
            }
        }

        private void read() {
            long deadline = System.nanoTime() + MAX_RUN.toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                try (Connection c = routing.getConnection()) {
                    c.setReadOnly(true);
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT count(*) FROM pg_class").close();
                    }
                    reads.increment();
                } catch (SQLException e) {
                    readFailures.increment();
                    note("read", e);
                    pause();
                }
            }
        }

        private void note(String what, SQLException e) {
            if (failures.size() < 40) {
                failures.add(String.format("%s failed at %s (watching %s): %s %s", what, java.time.LocalTime.now(),
                        watched, e.getSQLState(), e.getMessage()));
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
}
