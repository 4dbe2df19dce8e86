package dev.quadrangle.benchmarks;

/**
 * The Redis round trips of {@link CacheBenchmark} in one process against one Redis: a raw Lettuce GET
 * against the region's L2 hit, alternating in blocks. See {@link Alternation} for why. The in-process
 * hits (tens of nanoseconds) are left to JMH: at that scale the harness's own interface call and
 * timing would dominate what it measures.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.quadrangle.benchmarks.CacheAlternating [rounds] [block]
 * </pre>
 */
public final class CacheAlternating {
    private CacheAlternating() {
    }

    /**
     * Sets up, alternates and prints the figures.
     *
     * @param args measured rounds (default 30) and calls per block (default 2,000; fewer leave the L2 path
     *     short of its compiled form after the warm-up rounds)
     * @throws Exception when setting up or a call fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        CacheBenchmark bench = new CacheBenchmark();
        bench.setUp();
        try {
            Alternation remote = new Alternation(block, 10, rounds)
                    .add("lettuceGet", bench::lettuceGet)
                    .add("l2Hit", bench::l2Hit);
            remote.print("Redis hits", remote.run());
        } finally {
            bench.tearDown();
        }
    }
}
