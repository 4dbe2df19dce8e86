package dev.quadrangle.samples.load;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the sample's named daemon threads ({@code quadrangle-samples-<job>-<n>}). */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ...
     *
     * @param prefix e.g. {@code quadrangle-samples-vu}
     * @return the factory
     */
    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
