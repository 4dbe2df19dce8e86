package dev.quadrangle.samples.load;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.ops.CampusBackend;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs virtual users against a {@link CampusBackend} for a bounded time: each user performs an
 * operation, thinks, and performs the next, on a fixed set of worker threads (so 5,000 users need no
 * 5,000 threads, and never more connections than the backend's pools allow).
 *
 * <p>A latency is measured from when the user wanted to act (the end of its think time) until the call
 * returned, so waiting for a worker or a connection counts, as a user would feel it. Chaos steps run
 * on their own thread at their set times. One {@link #run} at a time.
 */
public final class LoadDriver {
    private final CampusBackend backend;
    private final CampusScale scale;
    private final LoadSettings settings;

    /**
     * A driver.
     *
     * @param backend the operations and their statistics (not closed here)
     * @param scale the campus the users live in
     * @param settings users, duration, think time, workers
     */
    public LoadDriver(CampusBackend backend, CampusScale scale, LoadSettings settings) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.scale = Objects.requireNonNull(scale, "scale");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs the load.
     *
     * @param actions chaos steps to run at their times after the warm-up (may be empty)
     * @param onSecond called on the sampler thread with each second's point (for progress output)
     * @return the measurements
     * @throws InterruptedException when interrupted while waiting for the run to end
     * @throws IllegalStateException when operations are still running a minute after the end
     */
    public LoadResult run(List<TimedAction> actions, Consumer<TimelinePoint> onSecond) throws InterruptedException {
        Objects.requireNonNull(actions, "actions");
        LoadRun run = new LoadRun(backend, settings, Objects.requireNonNull(onSecond, "onSecond"));
        try {
            run.start(actions, scale);
            run.awaitDeadline();
            return run.finish();
        } finally {
            run.abandon();
        }
    }
}
