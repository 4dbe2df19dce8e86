package dev.quadrangle.cache.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Invalidations that could not reach Redis, kept per region for replay when it is back. Past the
 * limit a region is marked to be invalidated whole instead, so memory stays bounded.
 */
final class PendingInvalidations {
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<String, Set<InvalidationOp>> ops = new HashMap<>();
    private Set<String> wholeRegions = new HashSet<>();
    private int size;

    PendingInvalidations(int limit) {
        this.limit = limit;
    }

    void add(String region, InvalidationOp op) {
        lock.lock();
        try {
            if (wholeRegions.contains(region)) {
                return;
            }
            if (size >= limit || op.kind() == InvalidationOp.REGION) {
                Set<InvalidationOp> dropped = ops.remove(region);
                size -= dropped == null ? 0 : dropped.size();
                wholeRegions.add(region);
                return;
            }
            if (ops.computeIfAbsent(region, r -> new LinkedHashSet<>()).add(op)) {
                size++;
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return size == 0 && wholeRegions.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes everything out; what fails to replay is added back. */
    Drained drain() {
        lock.lock();
        try {
            Drained drained = new Drained(ops, wholeRegions);
            ops = new HashMap<>();
            wholeRegions = new HashSet<>();
            size = 0;
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Invalidations taken out for replay.
     *
     * @param ops the single invalidations per region
     * @param wholeRegions the regions to invalidate whole
     */
    record Drained(Map<String, Set<InvalidationOp>> ops, Set<String> wholeRegions) {
    }
}
