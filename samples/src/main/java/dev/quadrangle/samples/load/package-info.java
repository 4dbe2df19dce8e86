/**
 * The load driver: virtual users with think time on a bounded set of worker threads, per-operation
 * latency histograms (HdrHistogram), a per-second timeline, pool peaks, and timed chaos steps.
 */
package dev.quadrangle.samples.load;
