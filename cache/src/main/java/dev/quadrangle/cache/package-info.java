/**
 * Quadrangle's multi-level cache: Caffeine in each process (L1) over Redis through Lettuce (L2), with
 * cross-node invalidation that survives lost messages and disconnects, and stampede protection.
 *
 * <p>Start with {@link dev.quadrangle.cache.CacheNode#builder()}, open regions configured with
 * {@link dev.quadrangle.cache.RegionConfig#builder}, and read through
 * {@link dev.quadrangle.cache.MultiLevelCache}, which implements core's
 * {@link dev.quadrangle.spi.ReadThroughCache}. Metrics: {@link dev.quadrangle.cache.CacheMetrics}.
 */
package dev.quadrangle.cache;
