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
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Every Redis command of a node goes through here: one connection (standalone or cluster), a
 * per-command timeout and the circuit breaker. A command that cannot complete throws
 * {@link RedisUnavailableException}; a timed-out command is cancelled so that Lettuce does not send
 * it late after a reconnect.
 */
public final class RedisGateway implements AutoCloseable {
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final CacheListener listener;
    private final AtomicReference<CircuitBreaker.State> lastState = new AtomicReference<>(CircuitBreaker.State.CLOSED);
    private volatile BiConsumer<CircuitBreaker.State, CircuitBreaker.State> transitions = (from, to) -> { };

    private RedisGateway(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands,
            CircuitBreaker breaker, long timeoutNanos, CacheListener listener) {
        this.connection = connection;
        this.commands = commands;
        this.breaker = breaker;
        this.timeoutNanos = timeoutNanos;
        this.listener = listener;
    }

    /**
     * Opens the node's command connection on the host's client.
     *
     * @param settings the node settings
     * @param breaker the node's breaker
     * @param listener the node's guarded listener
     * @return the gateway
     */
    public static RedisGateway connect(NodeSettings settings, CircuitBreaker breaker, CacheListener listener) {
        long timeout = settings.redisTimeout().toNanos();
        if (settings.cluster()) {
            StatefulRedisClusterConnection<byte[], byte[]> c = ((RedisClusterClient) settings.client()).connect(ByteArrayCodec.INSTANCE);
            return new RedisGateway(c, c.async(), breaker, timeout, listener);
        }
        StatefulRedisConnection<byte[], byte[]> c = ((RedisClient) settings.client()).connect(ByteArrayCodec.INSTANCE);
        return new RedisGateway(c, c.async(), breaker, timeout, listener);
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
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN;
    }

    byte[] get(byte[] key) throws RedisUnavailableException {
        return call("get", () -> commands.get(key));
    }

    List<KeyValue<byte[], byte[]>> mget(byte[][] keys) throws RedisUnavailableException {
        return call("mget", () -> commands.mget(keys));
    }

    void set(byte[] key, byte[] value, long ttlMillis) throws RedisUnavailableException {
        call("set", () -> commands.set(key, value, SetArgs.Builder.px(ttlMillis)));
    }

    boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) throws RedisUnavailableException {
        return "OK".equals(call("set-nx", () -> commands.set(key, value, SetArgs.Builder.nx().px(ttlMillis))));
    }

    long eval(String operation, String script, byte[] key, byte[]... args) throws RedisUnavailableException {
        Long result = call(operation, () -> commands.<Long>eval(script, ScriptOutputType.INTEGER, new byte[][] {key}, args));
        return result == null ? 0 : result;
    }

    void ping() throws RedisUnavailableException {
        call("ping", commands::ping);
    }

    void publish(byte[] channel, byte[] message) throws RedisUnavailableException {
        call("publish", () -> commands.publish(channel, message));
    }

    private <T> T call(String operation, Supplier<RedisFuture<T>> command) throws RedisUnavailableException {
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
            future = command.get();
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
        connection.close();
    }
}
