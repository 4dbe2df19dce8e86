package dev.quadrangle.samples;

import dev.quadrangle.samples.report.CampusReport;

/**
 * The campus demo: the seeds' workload end to end. It starts the services (embedded unless endpoints
 * are configured), generates a campus and loads it with COPY, runs virtual users against the hot
 * paths on at most 30 connections, optionally injects faults, proves that no acknowledged answer was
 * lost, and writes an HTML and a JSON report.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl samples -am compile exec:java}; pass options with
 * {@code -Dexec.args="--schools 50 --users 5000 --duration 2m"} (see {@link DemoOptions#USAGE}).
 */
public final class CampusDemo {

    private CampusDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args the options, see {@link DemoOptions#USAGE}
     * @throws Exception when a service fails, or the run lost an answer or exceeded its connection budget
     */
    public static void main(String[] args) throws Exception {
        if (DemoOptions.wantsHelp(args)) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            throw e;
        }
        long started = System.nanoTime();
        CampusReport report = new DemoRunner(options, System.out).run();
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        if (!report.answers().nothingLost()) {
            throw new IllegalStateException("answers lost: " + report.answers());
        }
        if (!report.connections().withinBudget()) {
            throw new IllegalStateException("connection budget exceeded: " + report.connections());
        }
    }
}
