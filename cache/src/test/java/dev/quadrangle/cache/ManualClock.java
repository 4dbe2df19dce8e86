package dev.quadrangle.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A cache clock that moves only when a test advances it; starts at the real wall clock. */
final class ManualClock implements CacheClock {
    private final AtomicLong nanos = new AtomicLong(System.nanoTime());
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return millis.get();
    }

    /** Moves both clocks forward. */
    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
        millis.addAndGet(by.toMillis());
    }
}
