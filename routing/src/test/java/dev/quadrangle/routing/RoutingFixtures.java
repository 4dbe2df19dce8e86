package dev.quadrangle.routing;

import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Shared helpers of the routing integration tests. */
final class RoutingFixtures {
    /** The probe interval the tests run with. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    private RoutingFixtures() {
    }

    /** A routing data source over the test database's primary and standby (as replica "standby"). */
    static RoutingDataSource routing(TestDatabase db, RecordingListener listener,
            UnaryOperator<RoutingDataSourceBuilder> customizer) {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder()
                .primary(db.primaryUrl(), db.user(), db.password())
                .replica("standby", db.standbyUrl(), db.user(), db.password())
                .primaryPoolSize(10)
                .replicaPoolSize(10)
                .connectionTimeout(Duration.ofSeconds(1))
                .probeInterval(PROBE_INTERVAL)
                .probeTimeout(Duration.ofSeconds(1))
                .listener(listener);
        return customizer.apply(builder).build();
    }

    /** Whether the server behind the connection is a standby. */
    static boolean inRecovery(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Runs one statement on the primary, outside routing. */
    static void onPrimary(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits for a condition, failing after the deadline. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }

    /** Whether a replica is eligible now. */
    static boolean eligible(RoutingDataSource ds, String replica) {
        return ds.replicaStatuses().stream().anyMatch(s -> s.name().equals(replica) && s.eligible());
    }

    /** Records routing events for assertions. */
    static final class RecordingListener implements RoutingListener {
        final Map<String, LongAdder> routed = new ConcurrentHashMap<>();
        final List<String> eligibility = new CopyOnWriteArrayList<>();
        final List<String> retries = new CopyOnWriteArrayList<>();
        final List<String> captures = new CopyOnWriteArrayList<>();
        volatile String lastTarget;

        @Override
        public void onTokenCaptured(long nanos, boolean piggybacked) {
            captures.add(piggybacked ? "commit" : "separate");
        }

        @Override
        public void onRouted(String target, RouteReason reason) {
            lastTarget = target;
            routed.computeIfAbsent(target + "/" + reason.tag(), k -> new LongAdder()).increment();
        }

        @Override
        public void onEligibilityChange(String replica, boolean nowEligible, String cause) {
            eligibility.add(replica + (nowEligible ? " readmitted" : " ejected") + ": " + cause);
        }

        @Override
        public void onRetry(String failedTarget, String retryTarget, SQLException cause) {
            retries.add(failedTarget + "->" + retryTarget + " " + cause.getSQLState());
        }

        long count(String target, RouteReason reason) {
            LongAdder adder = routed.get(target + "/" + reason.tag());
            return adder == null ? 0 : adder.sum();
        }

        long countTo(String target) {
            return routed.entrySet().stream().filter(e -> e.getKey().startsWith(target + "/"))
                    .mapToLong(e -> e.getValue().sum()).sum();
        }

        void reset() {
            routed.clear();
            eligibility.clear();
            retries.clear();
            captures.clear();
        }
    }
}
