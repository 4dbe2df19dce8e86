package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheClock;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.FlushReason;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node behind {@link CacheNode#builder()}: owns the command connection, the invalidation bus, the
 * circuit breaker, the replay of invalidations after an outage and the regions.
 */
public final class DefaultCacheNode implements CacheNode, NodeContext, InvalidationBus.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCacheNode.class);
    private static final long MAINTENANCE_MILLIS = 250;
    /** How often a node that started without Redis tries to connect. */
    static final long CONNECT_RETRY_MILLIS = 1_000;

    private final NodeSettings settings;
    private final GuardedListener listener;
    private final CircuitBreaker breaker;
    private final RedisGateway redis;
    private final PendingInvalidations pending;
    private final Map<String, DefaultMultiLevelCache<?, ?>> regions = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor background;
    private final ScheduledExecutorService maintenance;
    private final InvalidationBus bus;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the node started without Redis and has not connected yet (maintenance thread only after start). */
    private volatile boolean connectPending;
    private long nextConnectAttempt;

    /**
     * Connects and subscribes; when Redis cannot be reached and the settings allow it, starts without
     * Redis and keeps trying to connect.
     *
     * @param settings validated settings
     * @throws IllegalStateException when Redis cannot be reached and is required at start
     */
    public DefaultCacheNode(NodeSettings settings) {
        this.settings = settings;
        this.listener = new GuardedListener(settings.listener());
        this.breaker = CircuitBreaker.of("quadrangle-cache-" + settings.application() + "-" + settings.nodeId(), settings.breaker());
        this.pending = new PendingInvalidations(settings.pendingInvalidations());
        this.redis = new RedisGateway(settings, breaker, listener);
        this.background = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                daemon("quadrangle-cache-reload"));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("quadrangle-cache-maintenance"));
        this.bus = new InvalidationBus(settings, redis, listener, this);
        redis.onTransition(this::breakerMoved);
        try {
            redis.connectIfNeeded();
            bus.subscribeIfNeeded();
        } catch (RuntimeException e) {
            if (settings.redisRequiredAtStart()) {
                background.shutdownNow();
                maintenance.shutdownNow();
                bus.close();
                redis.close();
                throw new IllegalStateException("cache node " + settings.nodeId() + " cannot reach Redis at start (" + e
                        + "); set CacheNode.Builder.redisRequiredAtStart(false) to start without it", e);
            }
            LOG.warn("cache node {} starts without Redis ({}); serving L1 (entries live at most {}) and loaders, connecting "
                    + "every {} ms", settings.nodeId(), e.toString(), settings.degradedL1Ttl(), CONNECT_RETRY_MILLIS);
            connectPending = true;
            breaker.transitionToForcedOpenState();
            redis.observeState();
        }
        maintenance.scheduleWithFixedDelay(this::maintain, MAINTENANCE_MILLIS, MAINTENANCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public <K, V> MultiLevelCache<K, V> region(RegionConfig<K, V> config) {
        if (closed.get()) {
            throw new IllegalStateException("cache node " + settings.nodeId() + " is closed");
        }
        DefaultMultiLevelCache<K, V> region = new DefaultMultiLevelCache<>(config, this);
        if (regions.putIfAbsent(config.name(), region) != null) {
            throw new IllegalStateException("region '" + config.name() + "' is already open on cache node " + settings.nodeId());
        }
        return region;
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public boolean isRedisAvailable() {
        return !degraded();
    }

    @Override
    public RedisGateway redis() {
        return redis;
    }

    @Override
    public CacheListener listener() {
        return listener;
    }

    @Override
    public boolean recordsStats() {
        return !listener.isNoop();
    }

    @Override
    public boolean degraded() {
        return !bus.isLive() || breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    @Override
    public long degradedL1TtlNanos() {
        return settings.degradedL1Ttl().toNanos();
    }

    @Override
    public String application() {
        return settings.application();
    }

    @Override
    public void publish(String region, InvalidationOp op) {
        bus.publish(region, op);
    }

    @Override
    public void remember(String region, InvalidationOp op) {
        pending.add(region, op);
    }

    @Override
    public CacheClock clock() {
        return settings.clock();
    }

    @Override
    public Executor backgroundExecutor() {
        return background;
    }

    @Override
    public void onMessage(String region, List<InvalidationOp> ops) {
        DefaultMultiLevelCache<?, ?> target = regions.get(region);
        if (target != null) {
            target.applyRemote(ops);
        }
    }

    @Override
    public void onGap(String region) {
        DefaultMultiLevelCache<?, ?> target = regions.get(region);
        if (target != null) {
            target.flush(FlushReason.SEQUENCE_GAP);
        }
    }

    @Override
    public void onSubscriptionLost() {
        LOG.info("cache node {} lost its invalidation subscription; L1 entries now live at most {}", settings.nodeId(),
                settings.degradedL1Ttl());
        capAll();
    }

    @Override
    public void onResubscribed() {
        LOG.info("cache node {} is subscribed again; flushing L1", settings.nodeId());
        regions.values().forEach(r -> r.flush(FlushReason.SUBSCRIPTION_LOST));
    }

    private void capAll() {
        Duration cap = settings.degradedL1Ttl();
        regions.values().forEach(r -> r.capLifetimes(cap));
    }

    private void breakerMoved(CircuitBreaker.State from, CircuitBreaker.State to) {
        listener.onBreakerStateChange(from, to);
        if (to == CircuitBreaker.State.OPEN) {
            LOG.warn("cache node {}: Redis unavailable, circuit breaker open; serving L1 and loaders", settings.nodeId());
            capAll();
        } else if (to == CircuitBreaker.State.CLOSED && !closed.get()) {
            maintenance.execute(this::recovered);
        }
    }

    private void recovered() {
        LOG.info("cache node {}: Redis is back; replaying invalidations and flushing L1", settings.nodeId());
        replayPending();
        regions.values().forEach(r -> r.flush(FlushReason.REDIS_RECOVERED));
    }

    private void replayPending() {
        if (pending.isEmpty()) {
            return;
        }
        PendingInvalidations.Drained drained = pending.drain();
        for (String whole : drained.wholeRegions()) {
            DefaultMultiLevelCache<?, ?> region = regions.get(whole);
            if (region != null && !region.replay(Set.of(), true)) {
                pending.add(whole, InvalidationOp.region(0));
            }
        }
        for (Map.Entry<String, Set<InvalidationOp>> e : drained.ops().entrySet()) {
            DefaultMultiLevelCache<?, ?> region = regions.get(e.getKey());
            if (region != null && !region.replay(e.getValue(), false)) {
                e.getValue().forEach(op -> pending.add(e.getKey(), op));
            }
        }
    }

    /** Probes Redis while the breaker is not closed (so it recovers without traffic) and replays leftovers. */
    private void maintain() {
        try {
            if (connectPending) {
                connectLate();
                return;
            }
            redis.observeState();
            if (breaker.getState() != CircuitBreaker.State.CLOSED) {
                redis.ping();
            } else if (!pending.isEmpty()) {
                replayPending();
            }
        } catch (RedisUnavailableException e) {
            // still down; the next round tries again
        } catch (RuntimeException e) {
            LOG.warn("cache node {} maintenance failed: {}", settings.nodeId(), e.toString());
        }
    }

    /**
     * For a node that started without Redis: tries to connect and subscribe (at most every
     * {@value #CONNECT_RETRY_MILLIS} ms); once both are up, closes the breaker, which replays the
     * invalidations made meanwhile and flushes L1 as after any outage.
     */
    private void connectLate() {
        long now = System.nanoTime();
        if (now - nextConnectAttempt < 0) {
            return;
        }
        nextConnectAttempt = now + TimeUnit.MILLISECONDS.toNanos(CONNECT_RETRY_MILLIS);
        try {
            redis.connectIfNeeded();
            bus.subscribeIfNeeded();
        } catch (RuntimeException e) {
            LOG.debug("cache node {} still cannot reach Redis: {}", settings.nodeId(), e.toString());
            return;
        }
        connectPending = false;
        LOG.info("cache node {} connected to Redis after starting without it", settings.nodeId());
        breaker.transitionToClosedState();
        redis.observeState();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        maintenance.shutdownNow();
        background.shutdownNow();
        bus.close();
        redis.close();
        regions.clear();
    }
}
