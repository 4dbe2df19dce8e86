package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.CacheListener;
import java.util.concurrent.Executor;

/** What a region needs from the node it was opened on. */
interface NodeContext {

    RedisGateway redis();

    /** The listener, guarded against exceptions. */
    CacheListener listener();

    /** Whether a listener is set (Caffeine's statistics are recorded only then). */
    boolean recordsStats();

    /** Whether invalidations from other nodes may be missed now (breaker open or subscription down). */
    boolean degraded();

    /** L1 life while degraded, in nanoseconds. */
    long degradedL1TtlNanos();

    String application();

    String nodeId();

    /** Queues an invalidation for publication to the other nodes. */
    void publish(String region, InvalidationOp op);

    /** Keeps an invalidation that could not reach Redis, for replay when Redis is back. */
    void remember(String region, InvalidationOp op);

    /** The clock that ages entries. */
    CacheClock clock();

    /** Runs background reloads (refresh-after-write, stale-while-revalidate). */
    Executor backgroundExecutor();
}
