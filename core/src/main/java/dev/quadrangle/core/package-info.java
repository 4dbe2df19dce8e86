/**
 * Quadrangle's core: partition specs, the partition lifecycle, partition-aware jOOQ repositories,
 * and (in {@link dev.quadrangle.core.spi}) the small SPIs that the routing, cache and storage modules
 * implement.
 */
package dev.quadrangle.core;
