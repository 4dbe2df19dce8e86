/**
 * Quadrangle's core: partition specs, the partition lifecycle, partition-aware jOOQ repositories,
 * batch writing and counters. The contracts it shares with the other modules (the content store it
 * archives to, the routed connection it hints) live in {@code quadrangle-spi}.
 */
package dev.quadrangle.core;
