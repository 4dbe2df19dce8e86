package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheLevel;
import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.FlushReason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shields the cache from a listener that throws: the exception is logged and the cache goes on. */
final class GuardedListener implements CacheListener {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);
    private final CacheListener delegate;

    GuardedListener(CacheListener delegate) {
        this.delegate = delegate;
    }

    boolean isNoop() {
        return delegate == CacheListener.NONE;
    }

    private void failed(String event, RuntimeException e) {
        LOG.warn("cache listener {} threw from {}: {}", delegate.getClass().getName(), event, e.toString());
    }

    @Override
    public void onRegionCreated(String region) {
        try {
            delegate.onRegionCreated(region);
        } catch (RuntimeException e) {
            failed("onRegionCreated", e);
        }
    }

    @Override
    public void onGet(String region, CacheLevel level, boolean hit, int count) {
        try {
            delegate.onGet(region, level, hit, count);
        } catch (RuntimeException e) {
            failed("onGet", e);
        }
    }

    @Override
    public void onLoad(String region, long nanos, boolean success) {
        try {
            delegate.onLoad(region, nanos, success);
        } catch (RuntimeException e) {
            failed("onLoad", e);
        }
    }

    @Override
    public void onEviction(String region, String cause) {
        try {
            delegate.onEviction(region, cause);
        } catch (RuntimeException e) {
            failed("onEviction", e);
        }
    }

    @Override
    public void onInvalidationSent(String region, int count) {
        try {
            delegate.onInvalidationSent(region, count);
        } catch (RuntimeException e) {
            failed("onInvalidationSent", e);
        }
    }

    @Override
    public void onInvalidationReceived(String region, int count) {
        try {
            delegate.onInvalidationReceived(region, count);
        } catch (RuntimeException e) {
            failed("onInvalidationReceived", e);
        }
    }

    @Override
    public void onFlush(String region, FlushReason reason) {
        try {
            delegate.onFlush(region, reason);
        } catch (RuntimeException e) {
            failed("onFlush", e);
        }
    }

    @Override
    public void onBreakerStateChange(CircuitBreaker.State from, CircuitBreaker.State to) {
        try {
            delegate.onBreakerStateChange(from, to);
        } catch (RuntimeException e) {
            failed("onBreakerStateChange", e);
        }
    }

    @Override
    public void onRedisFailure(String operation, Throwable error) {
        try {
            delegate.onRedisFailure(operation, error);
        } catch (RuntimeException e) {
            failed("onRedisFailure", e);
        }
    }
}
