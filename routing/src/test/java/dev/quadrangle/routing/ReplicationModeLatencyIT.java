package dev.quadrangle.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What synchronous replication costs a write: auto-committed inserts through routing with the primary's
 * two standbys asynchronous, then synchronous, in alternating rounds. Figures are reported, not asserted.
 */
@RealServices(standbys = 2)
class ReplicationModeLatencyIT {
    private static final int ROUNDS = 3;
    private static final int WRITES = 300;

    @Test
    void synchronousAgainstAsynchronousWriteLatency(PostgresTopology topology) throws Exception {
        try (TestDatabase db = topology.createDatabase("replication_latency")) {
            TopologyFixtures.execute(topology.primary(), db, "CREATE TABLE ledger (id bigint PRIMARY KEY, body text)");
            topology.awaitCaughtUp(Duration.ofSeconds(30));
            Map<ReplicationMode, long[]> samples = new EnumMap<>(ReplicationMode.class);
            try (RoutingDataSource routing = TopologyFixtures.nodes(topology, db).build()) {
                long id = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    for (ReplicationMode mode : ReplicationMode.values()) {
                        topology.replication(mode);
                        long[] nanos = samples.computeIfAbsent(mode, m -> new long[ROUNDS * WRITES]);
                        for (int i = 0; i < WRITES; i++) {
                            nanos[round * WRITES + i] = write(routing, ++id);
                        }
                    }
                }
                assertThat(TopologyFixtures.ids(topology.primary(), db, "ledger")).hasSize((int) id);
            } finally {
                topology.replication(ReplicationMode.ASYNC);
            }
            for (ReplicationMode mode : ReplicationMode.values()) {
                long[] sorted = samples.get(mode).clone();
                Arrays.sort(sorted);
                System.out.printf("write latency, %s replication to 2 standbys (%d auto-committed inserts through"
                        + " routing, %d alternating rounds): p50 %d us, p90 %d us, p99 %d us, mean %d us%n", mode,
                        sorted.length, ROUNDS, micros(sorted, 0.50), micros(sorted, 0.90), micros(sorted, 0.99),
                        Arrays.stream(sorted).sum() / sorted.length / 1000);
            }
        }
    }

    private static long write(RoutingDataSource routing, long id) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = routing.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?, 'a modest row')")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        return System.nanoTime() - started;
    }

    private static long micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))] / 1000;
    }
}
