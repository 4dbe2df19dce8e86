package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.spring.boot.autoconfigure.PropertyCheck;
import dev.quadrangle.spring.boot.autoconfigure.QuadrangleConfigurationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are regions of a Quadrangle {@link CacheNode}. Declared
 * regions ({@code quadrangle.cache.regions.<name>.*}) are opened at start, so a bad value fails startup;
 * other cache names get a region with the region defaults when dynamic regions are on, else
 * {@link #getCache} returns {@code null} (Spring then reports the unknown cache). A cache name in camel
 * case names the region in kebab case ({@code pendingActivities} is region {@code pending-activities}).
 * Thread-safe.
 */
public final class QuadrangleCacheManager implements CacheManager {
    private static final String PREFIX = "quadrangle.cache.";

    private final CacheNode node;
    private final ValueCodec<Object> codec;
    private final QuadrangleCacheProperties.Region defaults;
    private final boolean dynamic;
    private final ConcurrentMap<String, QuadrangleSpringCache> regions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, QuadrangleSpringCache> caches = new ConcurrentHashMap<>();

    QuadrangleCacheManager(CacheNode node, ValueCodec<Object> codec, QuadrangleCacheProperties properties) {
        this.node = Objects.requireNonNull(node, "node");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.defaults = properties.getRegionDefaults();
        this.dynamic = properties.isDynamicRegions();
        for (Map.Entry<String, QuadrangleCacheProperties.Region> e : properties.getRegions().entrySet()) {
            regions.put(e.getKey(), open(e.getKey(), e.getValue(), PREFIX + "regions." + e.getKey() + "."));
        }
        caches.putAll(regions);
    }

    @Override
    public Cache getCache(String name) {
        QuadrangleSpringCache cache = caches.get(name);
        if (cache != null) {
            return cache;
        }
        String region = regionName(name);
        cache = regions.get(region);
        if (cache == null && !dynamic) {
            return null;
        }
        if (cache == null) {
            cache = regions.computeIfAbsent(region, n -> open(n, defaults, PREFIX + "region-defaults."));
        }
        caches.putIfAbsent(name, cache);
        return cache;
    }

    /**
     * The region of a cache name: camel case becomes kebab case, the rest lower case.
     *
     * @param cacheName a Spring cache name
     * @return the region name
     */
    static String regionName(String cacheName) {
        StringBuilder out = new StringBuilder(cacheName.length() + 4);
        for (int i = 0; i < cacheName.length(); i++) {
            char c = cacheName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && cacheName.charAt(i - 1) != '-' && !Character.isUpperCase(cacheName.charAt(i - 1))) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(regions.keySet());
    }

    private QuadrangleSpringCache open(String name, QuadrangleCacheProperties.Region region, String prefix) {
        RegionConfig.Builder<String, Object> builder;
        try {
            builder = RegionConfig.builder(name, KeyCodec.strings(), codec);
        } catch (IllegalArgumentException e) {
            throw new QuadrangleConfigurationException(PREFIX + "regions", name,
                    "a region (cache) name must be 1 to 64 of a-z 0-9 . _ -: " + e.getMessage(), e);
        }
        RegionSettings.apply(region, builder, prefix);
        RegionConfig<String, Object> config;
        try {
            config = builder.build();
        } catch (IllegalStateException e) {
            throw new QuadrangleConfigurationException(prefix + "*", name, e.getMessage(), e);
        }
        return new QuadrangleSpringCache(node.region(config));
    }

    /** Applies region properties to a region builder. */
    static final class RegionSettings {
        private RegionSettings() {
        }

        static void apply(QuadrangleCacheProperties.Region r, RegionConfig.Builder<String, Object> b, String prefix) {
            PropertyCheck.apply(prefix + "ttl-tier", r.getTtlTier(), b::ttl);
            PropertyCheck.apply(prefix + "ttl", r.getTtl(), b::ttl);
            PropertyCheck.apply(prefix + "jitter", r.getJitter(), b::jitter);
            PropertyCheck.apply(prefix + "l1-maximum-size", r.getL1MaximumSize(), b::maximumSize);
            PropertyCheck.apply(prefix + "l1-max-age", r.getL1MaxAge(), b::maxL1Age);
            PropertyCheck.apply(prefix + "l1-expire-after-write", r.getL1ExpireAfterWrite(), b::l1ExpireAfterWrite);
            PropertyCheck.apply(prefix + "negative-ttl", r.getNegativeTtl(), b::negativeTtl);
            PropertyCheck.apply(prefix + "single-flight", r.getSingleFlight(), b::crossNodeSingleFlight);
            PropertyCheck.apply(prefix + "lease-ttl", r.getLeaseTtl(), b::leaseTtl);
            PropertyCheck.apply(prefix + "stale-while-revalidate", r.getStaleWhileRevalidate(), b::staleWhileRevalidate);
            PropertyCheck.apply(prefix + "max-value-size", r.getMaxValueSize(),
                    size -> b.maxValueBytes((int) Math.min(Integer.MAX_VALUE, size.toBytes())));
        }
    }
}
