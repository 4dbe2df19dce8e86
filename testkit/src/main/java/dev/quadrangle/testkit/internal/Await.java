package dev.quadrangle.testkit.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition on real servers until it holds or a deadline passes. */
final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    /**
     * Polls {@code condition} until it is true; a condition that throws {@link IllegalStateException}
     * (a server not answering yet) counts as false.
     *
     * @param what what is awaited, for the message: "node2 streams from node1"
     * @throws IllegalStateException naming {@code what} and the last failure when the timeout passes
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "";
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                lastFailure = "; last error: " + e.getMessage();
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("gave up waiting until " + what + " after " + timeout + lastFailure);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
