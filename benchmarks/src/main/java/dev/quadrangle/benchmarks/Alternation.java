package dev.quadrangle.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs several ways of doing the same operation in one process against one set of servers, alternating
 * in blocks with the order rotating every round, so that load from other processes, the servers' cache
 * state and where the scheduler puts the server processes fall on all of them alike. JMH runs each
 * method in its own fork with its own servers; on a small shared machine the forks differ by more than
 * the overheads being measured, and this is the cross-check.
 *
 * <p>Reports, per way: mean wall time per call, the calling thread's CPU time per call (the client-side
 * cost, independent of how busy the server's cores are) and, against the first way (the baseline), the
 * median and the spread of the per-round ratios. Not thread-safe; one instance per run.
 */
final class Alternation {
    /** One way of doing the operation. */
    @FunctionalInterface
    interface Call {
        /**
         * Performs the operation once.
         *
         * @return a value the harness consumes, so the call is not optimised away
         * @throws Exception when the operation fails; the run stops
         */
        Object run() throws Exception;
    }

    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final int block;
    private final int warmupRounds;
    private final int rounds;
    private long sink;

    /**
     * A harness.
     *
     * @param block calls per block
     * @param warmupRounds rounds run and discarded first
     * @param rounds rounds measured
     */
    Alternation(int block, int warmupRounds, int rounds) {
        if (block < 1 || warmupRounds < 0 || rounds < 1) {
            throw new IllegalArgumentException("block (" + block + ") and rounds (" + rounds + ") must be positive and"
                    + " warm-up rounds (" + warmupRounds + ") not negative");
        }
        this.block = block;
        this.warmupRounds = warmupRounds;
        this.rounds = rounds;
    }

    /**
     * Adds a way; the first one added is the baseline of the ratios.
     *
     * @param name its name in the report
     * @param call the operation
     * @return this harness
     */
    Alternation add(String name, Call call) {
        if (calls.putIfAbsent(name, call) != null) {
            throw new IllegalArgumentException("duplicate name " + name);
        }
        return this;
    }

    /** The measured figures of one way. */
    record Result(String name, double micros, double cpuMicros, double medianRatio, double lowRatio, double highRatio) {
    }

    /**
     * Runs the rounds and returns the figures, the baseline first.
     *
     * @return one result per way, in the order added
     * @throws Exception when a call fails
     */
    List<Result> run() throws Exception {
        List<String> names = new ArrayList<>(calls.keySet());
        List<Call> list = new ArrayList<>(calls.values());
        int n = list.size();
        if (n == 0) {
            throw new IllegalStateException("nothing to run");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] roundNanos = new long[n][rounds];
        long[] cpu = new long[n];
        for (int round = 0; round < warmupRounds + rounds; round++) {
            for (int k = 0; k < n; k++) {
                int which = (k + round) % n;
                Call call = list.get(which);
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < block; i++) {
                    Object value = call.run();
                    sink += System.identityHashCode(value); // not hashCode(): that would hash a decoded 1 KB string per call
                }
                long elapsed = System.nanoTime() - t0;
                if (round >= warmupRounds) {
                    roundNanos[which][round - warmupRounds] = elapsed;
                    cpu[which] += threads.getCurrentThreadCpuTime() - c0;
                }
            }
        }
        double perCall = (double) rounds * block;
        List<Result> results = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            double[] ratios = new double[rounds];
            long total = 0;
            for (int r = 0; r < rounds; r++) {
                ratios[r] = (double) roundNanos[w][r] / roundNanos[0][r];
                total += roundNanos[w][r];
            }
            Arrays.sort(ratios);
            results.add(new Result(names.get(w), total / perCall / 1000, cpu[w] / perCall / 1000, ratios[rounds / 2],
                    ratios[rounds / 10], ratios[rounds - 1 - rounds / 10]));
        }
        return results;
    }

    /**
     * Prints results as a table.
     *
     * @param title a heading line
     * @param results what {@link #run()} returned
     */
    void print(String title, List<Result> results) {
        System.out.println(title + " (" + rounds + " rounds of " + block + " calls each, after " + warmupRounds
                + " warm-up rounds; checksum " + (sink & 0xFF) + ")");
        System.out.printf(Locale.ROOT, "%-34s %12s %12s %28s%n", "way", "us/call", "client CPU", "ratio to " + results.get(0).name());
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-34s %12.2f %12.2f %10.3f (p10-p90 %.3f-%.3f)%n", r.name(), r.micros(), r.cpuMicros(),
                    r.medianRatio(), r.lowRatio(), r.highRatio());
        }
    }
}
