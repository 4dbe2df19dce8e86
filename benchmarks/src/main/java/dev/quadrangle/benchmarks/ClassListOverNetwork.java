package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.testkit.DelayProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The class list pair of {@link HotPathBenchmark} ({@code classListNPlusOne}, 101 queries, against
 * {@code classListSingleQuery}) with a network round trip between the application and PostgreSQL: the
 * pool connects through a {@link DelayProxy} that holds each chunk for a one-way delay, and the round
 * trip it really adds is measured with {@code SELECT 1}. The two ways alternate in blocks
 * ({@link Alternation}) on the hot path data set, once per delay, the first run without the proxy.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.ClassListOverNetwork [one-way delays in µs]
 * </pre>
 *
 * <p>Default delays: 0 (proxy without delay), 100, 250, 500 and 750 µs. The proxy's forwarding threads
 * oversleep and add their own cost per message, so the round trip it adds is larger than twice the delay
 * and its cost per query is larger for the extended-protocol queries of the class list than for the
 * measured {@code SELECT}; read the tables as a trend, not as a model of a particular network.
 */
public final class ClassListOverNetwork {
    private static final int PINGS = 2_000;
    /** Unprinted direct runs first, so that the JIT has compiled both ways before the first table. */
    private static final int WARMUP_RUNS = 3;

    private ClassListOverNetwork() {
    }

    /**
     * Runs the pair directly, then through the proxy at each delay, and prints one table per run.
     *
     * @param args one-way delays in microseconds (default 0 100 250 500 750)
     * @throws Exception when the data set cannot be opened or a query fails
     */
    public static void main(String[] args) throws Exception {
        long[] delays = args.length > 0 ? Arrays.stream(args).mapToLong(Long::parseLong).toArray()
                : new long[] {0, 100, 250, 500, 750};
        try (HotPathDataset dataset = HotPathDataset.open()) {
            System.out.println("data set " + dataset.directory() + ", built " + dataset.facts().get("built"));
            run(dataset, -1, WARMUP_RUNS);
            run(dataset, -1, 0);
            for (long delay : delays) {
                run(dataset, delay, 0);
            }
        }
    }

    /**
     * One run; a negative delay connects without the proxy.
     *
     * @param quietRepeats how many times to run without printing first (the JIT's warm-up)
     */
    private static void run(HotPathDataset dataset, long oneWayDelayMicros, int quietRepeats) throws Exception {
        DelayProxy proxy = oneWayDelayMicros < 0 ? null : DelayProxy.start(dataset.port(), Duration.ofNanos(oneWayDelayMicros * 1_000));
        HikariConfig config = new HikariConfig();
        int port = proxy == null ? dataset.port() : proxy.port();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        config.setUsername("postgres");
        config.setPoolName("classlist-network");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            HotPaths paths = new HotPaths(pool, HotPathDataset.calendar());
            int classes = HotPathDataset.scale().classes();
            SplittableRandom random = new SplittableRandom(HotPathDataset.SEED);
            double rtt = medianRoundTripMicros(pool);
            long block = oneWayDelayMicros <= 0 ? 20 : Math.max(2, 20 - oneWayDelayMicros / 30);
            Alternation alternation = new Alternation((int) block, 10, 15)
                    .add("classListNPlusOne", () -> paths.classListNPlusOne(1 + random.nextInt(classes), HotPathCampus.TERM))
                    .add("classListSingleQuery", () -> paths.classListSingleQuery(1 + random.nextInt(classes), HotPathCampus.TERM));
            for (int i = 0; i < quietRepeats; i++) {
                alternation.run();
            }
            List<Alternation.Result> results = alternation.run();
            String how = proxy == null ? "direct" : "through the proxy, one-way delay " + oneWayDelayMicros + " us";
            alternation.print(String.format(Locale.ROOT, "%s: round trip of a prepared SELECT ?::int %.0f us (median of %d)", how, rtt, PINGS),
                    results);
            System.out.printf(Locale.ROOT, "  -> single query %.1fx faster than the N+1 (median of the rounds' ratios %.1fx)%n%n",
                    results.get(0).micros() / results.get(1).micros(), 1 / results.get(1).medianRatio());
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    private static double medianRoundTripMicros(HikariDataSource pool) throws SQLException {
        long[] nanos = new long[PINGS];
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT ?::int")) {
            for (int i = -200; i < PINGS; i++) {
                s.setInt(1, i);
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
        }
        Arrays.sort(nanos);
        return nanos[PINGS / 2] / 1000.0;
    }
}
