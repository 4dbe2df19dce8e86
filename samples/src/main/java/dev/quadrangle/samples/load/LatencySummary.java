package dev.quadrangle.samples.load;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one operation, in milliseconds, read from an HdrHistogram of microseconds
 * (three significant digits: a percentile is exact to 0.1 %).
 *
 * @param count the number of measurements
 * @param meanMs the mean
 * @param p50Ms the median
 * @param p95Ms the 95th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest measurement
 * @param curve the percentile curve (percentile to milliseconds) for charts
 */
public record LatencySummary(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs,
        Map<String, Double> curve) {
    /** The percentiles of the curve. */
    static final double[] CURVE = {0, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

    /** Copies the curve. */
    public LatencySummary {
        curve = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(curve));
    }

    /**
     * Summarises a histogram of microseconds.
     *
     * @param micros the histogram; may be empty
     * @return the summary; all zeros for an empty histogram
     */
    public static LatencySummary of(Histogram micros) {
        Map<String, Double> curve = new LinkedHashMap<>();
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, curve);
        }
        for (double p : CURVE) {
            curve.put(label(p), ms(micros.getValueAtPercentile(p)));
        }
        return new LatencySummary(micros.getTotalCount(), round(micros.getMean() / 1000.0),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()), curve);
    }

    /** A percentile's label in the curve, e.g. {@code "p99.9"}. */
    static String label(double percentile) {
        return percentile == Math.rint(percentile) ? "p" + (long) percentile : "p" + percentile;
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
