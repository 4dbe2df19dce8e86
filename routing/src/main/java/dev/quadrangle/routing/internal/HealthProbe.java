package dev.quadrangle.routing.internal;

/** The background prober of a routing data source: the replica probe, or the node discovery. */
interface HealthProbe extends AutoCloseable {

    /** Probes once, now, on the calling thread (rounds never overlap). */
    void round();

    /** Starts the background rounds. */
    void start();

    /** Stops the background rounds and closes the probe connections. */
    @Override
    void close();
}
