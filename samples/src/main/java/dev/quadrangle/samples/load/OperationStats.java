package dev.quadrangle.samples.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measurements of one operation: a wait-free latency recorder (microseconds) read per interval by
 * the sampler, the accumulated histogram, error counts, and up to {@value #MAX_ERROR_KINDS} distinct
 * error messages with their counts.
 *
 * <p>Recording is thread-safe and wait-free; {@link #drainInterval()} must be called by one thread.
 */
final class OperationStats {
    static final int MAX_ERROR_KINDS = 8;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final OperationKind kind;
    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final LongAdder intervalErrors = new LongAdder();
    private final Map<String, LongAdder> errorMessages = new ConcurrentHashMap<>();
    private Histogram interval;
    private long warmupCalls;
    private long warmupErrors;

    OperationStats(OperationKind kind) {
        this.kind = kind;
    }

    OperationKind kind() {
        return kind;
    }

    /** Records a successful call's latency. */
    void success(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Records a failed call. */
    void failure(Throwable error) {
        errors.increment();
        intervalErrors.increment();
        String message = describe(error);
        LongAdder counter = errorMessages.get(message);
        if (counter == null && errorMessages.size() < MAX_ERROR_KINDS) {
            counter = errorMessages.computeIfAbsent(message, k -> new LongAdder());
        }
        if (counter != null) {
            counter.increment();
        }
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return root.getClass().getSimpleName() + ": " + (message.length() > 160 ? message.substring(0, 160) : message);
    }

    /** Moves the latencies recorded since the last call into the total, and returns them. */
    Histogram drainInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Errors since the last call. */
    long drainIntervalErrors() {
        return intervalErrors.sumThenReset();
    }

    /**
     * Ends the warm-up: what was measured so far is set apart (kept as counts only) and the totals start
     * from zero. Called by the sampler thread, after a drain.
     */
    void endWarmup() {
        warmupCalls = total.getTotalCount();
        total.reset();
        warmupErrors = errors.sum();
    }

    long warmupCalls() {
        return warmupCalls;
    }

    long warmupErrors() {
        return warmupErrors;
    }

    Histogram total() {
        return total;
    }

    /** Errors after the warm-up (an error racing the end of the warm-up lands on one side, never lost). */
    long errors() {
        return errors.sum() - warmupErrors;
    }

    Map<String, Long> errorMessages() {
        Map<String, Long> copy = new TreeMap<>();
        errorMessages.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
