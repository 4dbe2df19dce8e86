package dev.quadrangle.cache.internal;

/**
 * A Redis command did not complete: refused by the open circuit breaker, timed out or failed. The
 * cache catches it and goes on without Redis; it never reaches a caller.
 */
public final class RedisUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
