package dev.quadrangle.storage.internal;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.storage.StorageListener;
import dev.quadrangle.storage.StoreResilience;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bulkhead, retry with jittered exponential backoff, and circuit breaker around calls to a remote
 * store; every failure reaches the caller as {@link ContentUnavailableException}.
 *
 * <p>Order: the bulkhead bounds the whole call, the retry repeats attempts, the circuit breaker sees
 * each attempt (so an open circuit stops the retries at once). Thread-safe.
 */
public final class ResilientCalls {
    private final String name;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final StorageListener listener;

    /**
     * Creates the decorators.
     *
     * @param name the store's name, for the resilience4j instances and messages
     * @param config the settings
     * @param transientFailure which exceptions are worth a retry and count against the circuit
     * @param listener told about retries and rejections
     */
    public ResilientCalls(String name, StoreResilience config, Predicate<Throwable> transientFailure,
            StorageListener listener) {
        this.name = name;
        this.listener = listener;
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(config.maxConcurrentCalls())
                .maxWaitDuration(config.maxWaitForPermit())
                .build());
        this.circuitBreaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowCalls())
                .minimumNumberOfCalls(config.slidingWindowCalls())
                .waitDurationInOpenState(config.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(transientFailure)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), 2.0,
                        config.jitter(), config.maxBackoff()))
                .retryOnException(e -> !(e instanceof CallNotPermittedException) && transientFailure.test(e))
                .failAfterMaxAttempts(false)
                .build());
    }

    /**
     * Runs a call.
     *
     * @param operation the operation's name, for messages and metrics
     * @param what what is being accessed, for the message (a key or prefix; never credentials)
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     * @throws ContentUnavailableException when the call fails, is refused by the bulkhead or the open circuit
     */
    public <T> T call(String operation, String what, Supplier<T> call) {
        Supplier<T> attempt = CircuitBreaker.decorateSupplier(circuitBreaker, call);
        Supplier<T> retried = () -> {
            Retry.Context<T> context = retry.context();
            while (true) {
                try {
                    T result = attempt.get();
                    context.onComplete();
                    return result;
                } catch (RuntimeException e) {
                    if (e instanceof CallNotPermittedException || !isRetriable(e)) {
                        throw e;
                    }
                    context.onRuntimeError(e); // sleeps the jittered backoff, or rethrows when attempts are used up
                    // counted only once another attempt follows: the last attempt's failure is not a retry
                    listener.onStoreRetry(operation);
                }
            }
        };
        try {
            return Bulkhead.decorateSupplier(bulkhead, retried).get();
        } catch (CallNotPermittedException e) {
            listener.onStoreRejected(operation, "circuit_open");
            throw new ContentUnavailableException(name + ": " + operation + " of '" + what
                    + "' refused, the circuit is open after repeated failures", e);
        } catch (BulkheadFullException e) {
            listener.onStoreRejected(operation, "bulkhead_full");
            throw new ContentUnavailableException(name + ": " + operation + " of '" + what
                    + "' refused, too many concurrent calls", e);
        } catch (ContentUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContentUnavailableException(name + ": " + operation + " of '" + what + "' failed: "
                    + e.getMessage(), e);
        }
    }

    private boolean isRetriable(RuntimeException e) {
        return retry.getRetryConfig().getExceptionPredicate().test(e);
    }

    /** The circuit breaker, for state queries. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }
}
