package dev.quadrangle.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The {@link PartitionBenchmark} lookups in one process against one loaded database: raw JDBC on the
 * partitioned table (one column, and the whole row as the repository reads it), the same through
 * {@code PartitionedRepository}, and raw JDBC on the unpartitioned copy alternate in blocks of 1,000 calls (the order rotating each round), so load from other processes
 * falls on all three alike. JMH runs each method in its own fork with its own 20M-row load, which on a
 * busy machine makes their ratio mostly noise. Besides wall time it reports the calling thread's CPU time
 * per call, the client-side cost that does not depend on how busy the server's cores are.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.PartitionLookupAlternating [rows] [rounds]
 * </pre>
 */
public final class PartitionLookupAlternating {
    private static final int BLOCK = 1000;
    private static final int WARMUP_ROUNDS = 10;

    private PartitionLookupAlternating() {
    }

    /**
     * Loads the tables, alternates the lookups and prints µs per call and the ratios.
     *
     * @param args rows per table (default 10,000,000) and measured rounds (default 30)
     * @throws Exception when setting up fails
     */
    public static void main(String[] args) throws Exception {
        PartitionBenchmark bench = new PartitionBenchmark();
        bench.rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        bench.setUp();
        try {
            String[] names = {"partitionKeyLookup", "repositoryLookup", "unpartitionedLookup", "partitionKeyRowLookup"};
            long[] nanos = new long[4];
            long[] cpu = new long[4];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                for (int k = 0; k < 4; k++) {
                    int which = (k + round) % 4;
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < BLOCK; i++) {
                        switch (which) {
                            case 0 -> bench.partitionKeyLookup();
                            case 1 -> bench.repositoryLookup();
                            case 2 -> bench.unpartitionedLookup();
                            default -> bench.partitionKeyRowLookup();
                        }
                    }
                    if (round >= WARMUP_ROUNDS) {
                        nanos[which] += System.nanoTime() - t0;
                        cpu[which] += threads.getCurrentThreadCpuTime() - c0;
                    }
                }
            }
            double calls = (double) rounds * BLOCK;
            for (int i = 0; i < 4; i++) {
                System.out.printf(Locale.ROOT, "%s: %.1f us/op, of which %.1f us client CPU%n", names[i], nanos[i] / calls / 1000,
                        cpu[i] / calls / 1000);
            }
            System.out.printf(Locale.ROOT, "repositoryLookup / partitionKeyRowLookup = %.2fx, repositoryLookup / partitionKeyLookup"
                    + " = %.2fx, partitionKeyLookup / unpartitionedLookup = %.2fx (%d calls each)%n", (double) nanos[1] / nanos[3],
                    (double) nanos[1] / nanos[0], (double) nanos[0] / nanos[2], (long) calls);
        } finally {
            bench.tearDown();
        }
    }
}
