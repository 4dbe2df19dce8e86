package dev.quadrangle.benchmarks;

/**
 * The {@link RoutingBenchmark} methods in one process on one primary + standby: the primary-key read
 * through raw HikariCP on the standby (baseline), Quadrangle, the AWS Advanced JDBC Wrapper and
 * ShardingSphere-JDBC alternate in blocks; then the auto-committed write through raw HikariCP against
 * Quadrangle's write (recorded for read-your-writes) and the same write with its token exported each time,
 * and the same in a transaction. See
 * {@link Alternation} for why.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.RoutingAlternating [rounds] [block]
 * </pre>
 */
public final class RoutingAlternating {
    private RoutingAlternating() {
    }

    /**
     * Sets up, alternates and prints the figures.
     *
     * @param args measured rounds (default 30) and calls per block (default 2,000; fewer leave the routed
     *     path short of its compiled form after the warm-up rounds)
     * @throws Exception when setting up or a call fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        RoutingBenchmark bench = new RoutingBenchmark();
        bench.setUp();
        try {
            Alternation reads = new Alternation(block, 10, rounds)
                    .add("hikariPrimaryKeyRead", bench::hikariPrimaryKeyRead)
                    .add("hikariReadOnlyPrimaryKeyRead", bench::hikariReadOnlyPrimaryKeyRead)
                    .add("quadranglePrimaryKeyRead", bench::quadranglePrimaryKeyRead)
                    .add("awsWrapperPrimaryKeyRead", bench::awsWrapperPrimaryKeyRead)
                    .add("shardingSpherePrimaryKeyRead", bench::shardingSpherePrimaryKeyRead);
            reads.print("reads routed to the standby", reads.run());
            Alternation writes = new Alternation(Math.max(1, block / 5), 5, rounds)
                    .add("hikariWrite", bench::hikariWrite)
                    .add("quadrangleWrite", bench::quadrangleWrite)
                    .add("quadrangleWriteThenExportToken", bench::quadrangleWriteThenExportToken);
            writes.print("auto-committed writes", writes.run());
            Alternation transactions = new Alternation(Math.max(1, block / 5), 5, rounds)
                    .add("hikariWriteInTransaction", bench::hikariWriteInTransaction)
                    .add("quadrangleWriteInTransactionWithToken", bench::quadrangleWriteInTransactionWithToken);
            transactions.print("writes in a transaction", transactions.run());
        } finally {
            bench.tearDown();
        }
    }
}
