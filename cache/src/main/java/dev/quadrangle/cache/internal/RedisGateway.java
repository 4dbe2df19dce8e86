package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheListener;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every Redis command of a node goes through here: one connection (standalone or cluster, opened by
 * {@link #connectIfNeeded()}, at start or later for a node that started without Redis), a
 * per-command timeout and the circuit breaker. Before the connection is open every command fails. A command that cannot complete throws
 * {@link RedisUnavailableException}; a timed-out command is cancelled so that Lettuce does not send
 * it late after a reconnect.
 */
public final class RedisGateway implements AutoCloseable {
    /** The open connection and its command interface. */
    private record Link(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
    }

    private final NodeSettings settings;
    /** Guards opening and closing the connection (a lock, not a monitor: connecting blocks on the network). */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile Link link;
    private boolean closed;
    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final CacheListener listener;
    private final AtomicReference<CircuitBreaker.State> lastState = new AtomicReference<>(CircuitBreaker.State.CLOSED);
    private volatile BiConsumer<CircuitBreaker.State, CircuitBreaker.State> transitions = (from, to) -> { };

    /**
     * A gateway without a connection yet; {@link #connectIfNeeded()} opens it.
     *
     * @param settings the node settings
     * @param breaker the node's breaker
     * @param listener the node's guarded listener
     */
    public RedisGateway(NodeSettings settings, CircuitBreaker breaker, CacheListener listener) {
        this.settings = settings;
        this.breaker = breaker;
        this.timeoutNanos = settings.redisTimeout().toNanos();
        this.listener = listener;
    }

    /**
     * Opens the node's command connection on the host's client, unless it is open already.
     *
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     * @throws IllegalStateException when the gateway is closed
     */
    public void connectIfNeeded() {
        lifecycle.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the Redis gateway of cache node " + settings.nodeId() + " is closed");
            }
            if (link != null) {
                return;
            }
            if (settings.cluster()) {
                StatefulRedisClusterConnection<byte[], byte[]> c = ((RedisClusterClient) settings.client()).connect(ByteArrayCodec.INSTANCE);
                link = new Link(c, c.async());
            } else {
                StatefulRedisConnection<byte[], byte[]> c = ((RedisClient) settings.client()).connect(ByteArrayCodec.INSTANCE);
                link = new Link(c, c.async());
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** @return whether the command connection has been opened (Lettuce reconnects it after that) */
    public boolean isConnected() {
        return link != null;
    }

    /** @return the circuit breaker in front of this connection */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Sets what runs when the breaker's state changes. The state is compared after every call and by
     * {@link #observeState()}, instead of through Resilience4j's event consumers, which would create
     * an event object on every successful call.
     *
     * @param handler gets the previous and the new state
     */
    public void onTransition(BiConsumer<CircuitBreaker.State, CircuitBreaker.State> handler) {
        this.transitions = handler;
    }

    /** Reports a state change of the breaker since the last look, once. */
    public void observeState() {
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State before = lastState.get();
        if (now != before && lastState.compareAndSet(before, now)) {
            transitions.accept(before, now);
        }
    }

    /** @return whether the breaker lets calls through now (closed or half-open) */
    public boolean isUsable() {
        if (link == null) {
            return false;
        }
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN;
    }

    byte[] get(byte[] key) throws RedisUnavailableException {
        return call("get", c -> c.get(key));
    }

    List<KeyValue<byte[], byte[]>> mget(byte[][] keys) throws RedisUnavailableException {
        return call("mget", c -> c.mget(keys));
    }

    void set(byte[] key, byte[] value, long ttlMillis) throws RedisUnavailableException {
        call("set", c -> c.set(key, value, SetArgs.Builder.px(ttlMillis)));
    }

    boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) throws RedisUnavailableException {
        return "OK".equals(call("set-nx", c -> c.set(key, value, SetArgs.Builder.nx().px(ttlMillis))));
    }

    long eval(String operation, String script, byte[] key, byte[]... args) throws RedisUnavailableException {
        Long result = call(operation, c -> c.<Long>eval(script, ScriptOutputType.INTEGER, new byte[][] {key}, args));
        return result == null ? 0 : result;
    }

    void ping() throws RedisUnavailableException {
        call("ping", RedisClusterAsyncCommands::ping);
    }

    void publish(byte[] channel, byte[] message) throws RedisUnavailableException {
        call("publish", c -> c.publish(channel, message));
    }

    private <T> T call(String operation, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command)
            throws RedisUnavailableException {
        Link current = link;
        if (current == null) {
            RedisUnavailableException e = new RedisUnavailableException("not connected to Redis yet", null);
            listener.onRedisFailure(operation, e);
            throw e;
        }
        if (!breaker.tryAcquirePermission()) {
            RedisUnavailableException e = new RedisUnavailableException("circuit breaker is " + breaker.getState(),
                    CallNotPermittedException.createCallNotPermittedException(breaker));
            listener.onRedisFailure(operation, e);
            observeState();
            throw e;
        }
        long start = System.nanoTime();
        RedisFuture<T> future = null;
        try {
            future = command.apply(current.commands());
            T value = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (lastState.get() != CircuitBreaker.State.CLOSED) {
                observeState();
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw fail(operation, future, start, e, false);
        } catch (ExecutionException e) {
            throw fail(operation, future, start, e.getCause() != null ? e.getCause() : e, true);
        } catch (TimeoutException | RuntimeException e) {
            throw fail(operation, future, start, e, true);
        }
    }

    private RedisUnavailableException fail(String operation, RedisFuture<?> future, long start, Throwable error,
            boolean countIt) {
        if (future != null) {
            future.cancel(false);
        }
        if (countIt) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
        }
        listener.onRedisFailure(operation, error);
        observeState();
        return new RedisUnavailableException("Redis " + operation + " failed: " + error, error);
    }

    /** Closes the connection this gateway opened (never the host's client). */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            closed = true;
            if (link != null) {
                link.connection().close();
            }
        } finally {
            lifecycle.unlock();
        }
    }
}
