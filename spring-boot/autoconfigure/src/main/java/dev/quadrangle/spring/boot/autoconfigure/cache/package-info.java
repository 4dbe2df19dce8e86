/**
 * The two-level cache in a Spring Boot application: a {@code CacheNode} on a Lettuce client built from
 * Spring Boot's Redis settings, regions from {@code quadrangle.cache.regions.*}, a Spring
 * {@code CacheManager} over them (so {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} use L1
 * and L2 with cross-node invalidation), values as JSON through the application's Jackson mapper, and the
 * cache's health contributor.
 */
package dev.quadrangle.spring.boot.autoconfigure.cache;
