package dev.quadrangle.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs one piece of work per key at a time on this node: the first caller runs it on its own thread,
 * callers arriving meanwhile wait for and share its result or its exception.
 *
 * @param <K> the key type
 * @param <R> the result type
 */
final class SingleFlight<K, R> {
    private final ConcurrentHashMap<K, CompletableFuture<R>> flights = new ConcurrentHashMap<>();

    R run(K key, Supplier<R> work) {
        CompletableFuture<R> mine = new CompletableFuture<>();
        CompletableFuture<R> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            R result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static <R> R await(CompletableFuture<R> running) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return running.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    if (cause instanceof Error) {
                        throw (Error) cause;
                    }
                    throw new CompletionException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
