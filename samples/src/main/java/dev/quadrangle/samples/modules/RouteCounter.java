package dev.quadrangle.samples.modules;

import dev.quadrangle.routing.RouteReason;
import dev.quadrangle.routing.RoutingListener;
import dev.quadrangle.routing.WriterChange;
import dev.quadrangle.samples.ops.CampusBackend;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts where the routing module sent connections, for the report: replica reads, primary reads (kept
 * there for read-your-writes, or because no replica was eligible), writes, fallbacks and retries.
 *
 * <p>Thread-safe.
 */
final class RouteCounter implements RoutingListener {
    private static final String PRIMARY = "primary";

    private final LongAdder replicaReads = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder sticky = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder ejections = new LongAdder();
    // on discovered nodes the primary is whichever node routing takes for the writer now
    private volatile String writer = PRIMARY;

    @Override
    public void onRouted(String target, RouteReason reason) {
        if (!PRIMARY.equals(target) && !target.equals(writer)) {
            replicaReads.increment();
            return;
        }
        switch (reason) {
            case READ_WRITE -> writes.increment();
            case FALLBACK -> {
                fallbacks.increment();
                primaryReads.increment();
            }
            case STICKY_AFTER_WRITE -> {
                sticky.increment();
                primaryReads.increment();
            }
            default -> primaryReads.increment();
        }
    }

    @Override
    public void onWriterChange(WriterChange change) {
        writer = change.current() == null ? PRIMARY : change.current();
    }

    @Override
    public void onRetry(String failedTarget, String retryTarget, SQLException cause) {
        retries.increment();
    }

    @Override
    public void onEligibilityChange(String replica, boolean eligible, String cause) {
        if (!eligible) {
            ejections.increment();
        }
    }

    /** The counters in the report's shape; reads kept on the primary for read-your-writes count as primary reads. */
    CampusBackend.RouteCounters counters() {
        return new CampusBackend.RouteCounters(replicaReads.sum(), primaryReads.sum(), writes.sum(),
                fallbacks.sum() + retries.sum(), 0);
    }

    long stickyAfterWrite() {
        return sticky.sum();
    }

    long retries() {
        return retries.sum();
    }

    long fallbacks() {
        return fallbacks.sum();
    }

    long ejections() {
        return ejections.sum();
    }
}
