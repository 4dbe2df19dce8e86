package dev.quadrangle.samples.report;

import dev.quadrangle.samples.chaos.ChaosPlan;
import dev.quadrangle.samples.load.LoadResult;
import dev.quadrangle.samples.load.RunEvent;
import dev.quadrangle.samples.load.TimelinePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a run's timeline around its chaos steps: for each fault window (standby down, primary failed over
 * until the old one rejoined, Redis restarting, S3 down) the operations, errors, fallbacks and worst p99 inside it against the median p99 outside
 * every window and after the warm-up.
 */
public final class FaultAnalysis {
    /** How long after a Redis restart its effects are looked for. */
    static final double REDIS_WINDOW_SECONDS = 5;

    private FaultAnalysis() {
    }

    /**
     * Analyses a run.
     *
     * @param load the run
     * @param servicesUsed which services the backend's operations use
     * @return one effect per fault that happened, in time order
     */
    public static List<CampusReport.FaultEffect> of(LoadResult load, List<String> servicesUsed) {
        List<double[]> windows = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        window(load, ChaosPlan.STOP_STANDBY, ChaosPlan.START_STANDBY, 0).ifPresent(w -> {
            windows.add(w);
            names.add(new String[] {"standby stopped", "standby"});
        });
        window(load, ChaosPlan.STOP_PRIMARY, ChaosPlan.REJOIN_OLD_PRIMARY, 0).ifPresent(w -> {
            windows.add(w);
            names.add(new String[] {"primary failed over", "primary"});
        });
        window(load, ChaosPlan.RESTART_REDIS, null, REDIS_WINDOW_SECONDS).ifPresent(w -> {
            windows.add(w);
            names.add(new String[] {"Redis restarted", "redis"});
        });
        window(load, ChaosPlan.STOP_S3, ChaosPlan.START_S3, 0).ifPresent(w -> {
            windows.add(w);
            names.add(new String[] {"S3 stopped", "s3"});
        });
        double baseline = baselineP99(load.timeline(), windows, load.warmupSeconds());
        List<CampusReport.FaultEffect> effects = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            effects.add(effect(load.timeline(), windows.get(i), names.get(i)[0], names.get(i)[1],
                    servicesUsed.contains(names.get(i)[1]), baseline));
        }
        return effects;
    }

    private static Optional<double[]> window(LoadResult load, String begin, String end, double fixedLength) {
        Optional<RunEvent> from = load.events().stream().filter(e -> e.name().equals(begin) && e.ok()).findFirst();
        if (from.isEmpty() || from.get().note().startsWith("skipped")) {
            return Optional.empty();
        }
        double start = from.get().second();
        double stop = end == null ? start + from.get().tookMs() / 1000.0 + fixedLength
                : load.events().stream().filter(e -> e.name().equals(end)).mapToDouble(e -> e.second() + e.tookMs() / 1000.0)
                        .findFirst().orElse(load.seconds());
        return Optional.of(new double[] {start, stop});
    }

    private static CampusReport.FaultEffect effect(List<TimelinePoint> timeline, double[] w, String fault,
            String service, boolean used, double baseline) {
        long ops = 0;
        long errors = 0;
        long fallbacks = 0;
        double worst = 0;
        for (TimelinePoint p : timeline) {
            // a point covers the second before it
            if (p.second() > w[0] && p.second() - 1 < w[1]) {
                ops += p.ops();
                errors += p.errors();
                fallbacks += p.replicaFallbacks();
                worst = Math.max(worst, p.p99Ms());
            }
        }
        String what = used ? String.format(Locale.ROOT, "%,d operations completed, %,d failed, %,d reads fell back "
                + "to the primary; worst per-second p99 %.1f ms (median %.1f ms outside the faults)",
                ops, errors, fallbacks, worst, baseline)
                : String.format(Locale.ROOT, "this backend does not use %s, so nothing depends on it: %,d operations "
                        + "completed, %,d failed; worst per-second p99 %.1f ms (median %.1f ms outside the faults)",
                        service, ops, errors, worst, baseline);
        String summary = String.format(Locale.ROOT, "%s from %.1f s to %.1f s: %s", fault, w[0], w[1], what);
        return new CampusReport.FaultEffect(fault, service, used, w[0], w[1], ops, errors, fallbacks, worst, baseline,
                summary);
    }

    private static double baselineP99(List<TimelinePoint> timeline, List<double[]> windows, double warmupSeconds) {
        double[] outside = timeline.stream().filter(p -> p.ops() > 0 && p.second() > warmupSeconds)
                .filter(p -> windows.stream().noneMatch(w -> p.second() > w[0] && p.second() - 1 < w[1]))
                .mapToDouble(TimelinePoint::p99Ms).sorted().toArray();
        return outside.length == 0 ? 0 : outside[outside.length / 2];
    }

}
