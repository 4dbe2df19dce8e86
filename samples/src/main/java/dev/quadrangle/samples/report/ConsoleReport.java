package dev.quadrangle.samples.report;

import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.ops.CampusBackend;
import java.io.PrintStream;
import java.util.Locale;

/** The report's numbers as a console summary. */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    /**
     * Prints a report.
     *
     * @param r the report
     * @param out where to
     */
    public static void print(CampusReport r, PrintStream out) {
        LoadResult load = r.load();
        out.printf(Locale.ROOT, "%nload: %,d virtual users, think time %d ms, %d worker threads; measured for %.1f s "
                + "after a %.1f s warm-up (%,d calls, %,d errors, left out of the percentiles)%n", load.users(),
                load.thinkTimeMs(), load.workers(), load.seconds(), load.warmupSeconds(), load.warmupCalls(),
                load.warmupErrors());
        out.printf(Locale.ROOT, "  %-18s %-8s %9s %8s %7s %8s %8s %8s %9s%n", "operation", "route", "calls", "per s",
                "errors", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (LoadResult.OperationResult o : load.operations()) {
            out.printf(Locale.ROOT, "  %-18s %-8s %,9d %8.1f %7d %8.2f %8.2f %8.2f %9.2f%n", o.name(), o.route(),
                    o.count(), o.perSecond(), o.errors(), o.latency().p50Ms(), o.latency().p95Ms(), o.latency().p99Ms(),
                    o.latency().maxMs());
            o.errorSamples().forEach((msg, n) -> out.printf(Locale.ROOT, "      %,d x %s%n", n, msg));
        }
        out.printf(Locale.ROOT, "  total: %,d operations (%,.0f/s), %,d errors%n", load.totalOps(),
                load.totalOps() / Math.max(1e-9, load.seconds()), load.totalErrors());
        CampusBackend.RouteCounters routes = load.routes();
        long reads = routes.replicaReads() + routes.primaryReads();
        out.printf(Locale.ROOT, "routing: %,d reads on the replica (%.1f %%), %,d on the primary (%,d fallbacks from a "
                + "failing replica, %,d overflows from its exhausted pool), %,d writes on the primary%n",
                routes.replicaReads(), reads == 0 ? 0 : 100.0 * routes.replicaReads() / reads, routes.primaryReads(),
                routes.replicaFallbacks(), routes.replicaOverflows(), routes.writes());
        StringBuilder pools = new StringBuilder();
        for (LoadResult.PoolUsage p : load.pools()) {
            pools.append(String.format(Locale.ROOT, "  %s max %d, peak open %d, peak busy %d, peak waiting %d;",
                    p.name(), p.maxSize(), p.peakOpen(), p.peakActive(), p.peakWaiting()));
        }
        out.println("pools:" + pools);
        CampusReport.Connections c = r.connections();
        out.printf(Locale.ROOT, "connections: budget %d, peak open %d (pools), counted on the servers after the run: "
                + "primary %d, standby %s -> %s%n", c.budget(), c.peakOpen(), c.serverPrimary(),
                c.serverStandby() < 0 ? "n/a" : Integer.toString(c.serverStandby()),
                c.withinBudget() ? "within budget" : "OVER BUDGET");
        if (load.caches().isEmpty()) {
            out.println("caches: none in this backend");
        }
        for (CampusBackend.CacheRegionStats cache : load.caches()) {
            out.printf(Locale.ROOT, "cache %s: %,d hits, %,d misses, hit ratio %.1f %%%n", cache.region(), cache.hits(),
                    cache.misses(), 100 * cache.hitRatio());
        }
        for (CampusReport.FaultEffect f : r.faults()) {
            out.println("chaos: " + f.summary());
        }
        for (String note : r.moduleNotes()) {
            out.println(note);
        }
        out.printf(Locale.ROOT, "answers: %,d acknowledged, %,d failed, %,d stored on the primary, summaries grew by "
                + "%,d -> %s%n", r.answers().acknowledged(), r.answers().failed(), r.answers().stored(),
                r.answers().summaryGrowth(), r.answers().nothingLost() ? "nothing lost (submitted == stored)"
                        : r.answers().lost() + " LOST");
    }
}
