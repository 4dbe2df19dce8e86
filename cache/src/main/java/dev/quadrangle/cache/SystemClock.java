package dev.quadrangle.cache;

/** The clock of {@link CacheClock#system()}. */
enum SystemClock implements CacheClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public String toString() {
        return "CacheClock.system()";
    }
}
