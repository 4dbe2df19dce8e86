package dev.quadrangle.spring.boot.autoconfigure.cache;

import dev.quadrangle.cache.TtlTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code quadrangle.cache.*} properties: the cache node (Redis comes from Spring Boot's
 * {@code spring.data.redis.*}) and its regions. Unset values keep the cache builders' defaults. Mutable
 * JavaBean for Spring Boot's binder.
 */
@ConfigurationProperties(prefix = "quadrangle.cache")
public class QuadrangleCacheProperties {

    /** Whether Quadrangle's cache node and CacheManager are configured. */
    private boolean enabled = true;

    /** Application name shared by every node of the application: the Redis key and channel prefix (1 to 64 of a-z 0-9 . _ -). Defaults to spring.application.name, else "application". */
    private String application;

    /** Timeout of one Redis command; default 500ms, 10ms to 60s. */
    private Duration redisTimeout;

    /** How long L1 entries are kept while Redis or the subscription is lost; default 2s. */
    private Duration degradedL1Ttl;

    /** Invalidations kept for replay while Redis is unreachable; default 10000. */
    private Integer pendingInvalidations;

    /** Whether startup fails when Redis is unreachable; default true. With false the node starts degraded and connects later. */
    private Boolean redisRequiredAtStart;

    /** Whether the Lettuce client sends CLIENT SETINFO on connect (Redis 7.2+); turn off for older servers, which log an error for it. */
    private boolean clientInfo = true;

    /** Whether the Spring CacheManager is Quadrangle's (backs off when the application defines one). */
    private boolean cacheManager = true;

    /** Whether cache names without a region of their own get a region with the region defaults; when false, an undeclared cache name fails. */
    private boolean dynamicRegions = true;

    /** Settings of regions that are not declared under quadrangle.cache.regions. */
    private final Region regionDefaults = new Region();

    /** Regions by name (1 to 64 of a-z 0-9 . _ -); a cache name of @Cacheable is a region name. */
    private final Map<String, Region> regions = new LinkedHashMap<>();

    /** JSON encoding of cached values. */
    private final Json json = new Json();

    /**
     * Whether the cache is configured.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the cache is configured.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The application name.
     *
     * @return the name, {@code null} for the default
     */
    public String getApplication() {
        return application;
    }

    /**
     * Sets the application name.
     *
     * @param application the name
     */
    public void setApplication(String application) {
        this.application = application;
    }

    /**
     * The Redis command timeout.
     *
     * @return the timeout, {@code null} for the default
     */
    public Duration getRedisTimeout() {
        return redisTimeout;
    }

    /**
     * Sets the Redis command timeout.
     *
     * @param redisTimeout the timeout
     */
    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    /**
     * The L1 lifetime in degraded mode.
     *
     * @return the lifetime, {@code null} for the default
     */
    public Duration getDegradedL1Ttl() {
        return degradedL1Ttl;
    }

    /**
     * Sets the L1 lifetime in degraded mode.
     *
     * @param degradedL1Ttl the lifetime
     */
    public void setDegradedL1Ttl(Duration degradedL1Ttl) {
        this.degradedL1Ttl = degradedL1Ttl;
    }

    /**
     * The pending invalidations bound.
     *
     * @return the bound, {@code null} for the default
     */
    public Integer getPendingInvalidations() {
        return pendingInvalidations;
    }

    /**
     * Sets the pending invalidations bound.
     *
     * @param pendingInvalidations the bound
     */
    public void setPendingInvalidations(Integer pendingInvalidations) {
        this.pendingInvalidations = pendingInvalidations;
    }

    /**
     * Whether Redis is required at start.
     *
     * @return the flag, {@code null} for the default
     */
    public Boolean getRedisRequiredAtStart() {
        return redisRequiredAtStart;
    }

    /**
     * Sets whether Redis is required at start.
     *
     * @param redisRequiredAtStart the flag
     */
    public void setRedisRequiredAtStart(Boolean redisRequiredAtStart) {
        this.redisRequiredAtStart = redisRequiredAtStart;
    }

    /**
     * Whether the client sends CLIENT SETINFO.
     *
     * @return the flag
     */
    public boolean isClientInfo() {
        return clientInfo;
    }

    /**
     * Sets whether the client sends CLIENT SETINFO.
     *
     * @param clientInfo the flag
     */
    public void setClientInfo(boolean clientInfo) {
        this.clientInfo = clientInfo;
    }

    /**
     * Whether the Spring CacheManager is configured.
     *
     * @return the flag
     */
    public boolean isCacheManager() {
        return cacheManager;
    }

    /**
     * Sets whether the Spring CacheManager is configured.
     *
     * @param cacheManager the flag
     */
    public void setCacheManager(boolean cacheManager) {
        this.cacheManager = cacheManager;
    }

    /**
     * Whether undeclared cache names get regions.
     *
     * @return the flag
     */
    public boolean isDynamicRegions() {
        return dynamicRegions;
    }

    /**
     * Sets whether undeclared cache names get regions.
     *
     * @param dynamicRegions the flag
     */
    public void setDynamicRegions(boolean dynamicRegions) {
        this.dynamicRegions = dynamicRegions;
    }

    /**
     * The defaults of undeclared regions.
     *
     * @return the settings
     */
    public Region getRegionDefaults() {
        return regionDefaults;
    }

    /**
     * The declared regions.
     *
     * @return the mutable map
     */
    public Map<String, Region> getRegions() {
        return regions;
    }

    /**
     * The JSON settings.
     *
     * @return the settings
     */
    public Json getJson() {
        return json;
    }

    /** One region's settings; unset values keep RegionConfig's defaults. */
    public static class Region {
        /** Redis TTL as a tier: HOT (5 min), WARM (1 h, the default) or COLD (24 h); ttl wins when both are set. */
        private TtlTier ttlTier;

        /** Redis TTL as a duration, 1s to 30 days. */
        private Duration ttl;

        /** Random part taken off each entry's TTL, 0.0 to 0.5; default 0.10. */
        private Double jitter;

        /** Maximum number of L1 entries; default 10000. */
        private Long l1MaximumSize;

        /** Hard bound on an L1 entry's age; default 60s. */
        private Duration l1MaxAge;

        /** L1 lifetime after a write; default the TTL, capped by l1-max-age. */
        private Duration l1ExpireAfterWrite;

        /** How long a loader's empty result (Optional.empty()) is cached; default 30s, 0 for never. */
        private Duration negativeTtl;

        /** One load per key across all nodes (a Redis lease) instead of one per node. */
        private Boolean singleFlight;

        /** How long a lease lives; also the longest wait for another node's load; default 10s. */
        private Duration leaseTtl;

        /** How long a Redis entry past its TTL is still served while one node reloads it; default off. */
        private Duration staleWhileRevalidate;

        /** Largest encoded value; default 1MB. */
        private DataSize maxValueSize;

        /**
         * The TTL tier.
         *
         * @return the tier, {@code null} when not set
         */
        public TtlTier getTtlTier() {
            return ttlTier;
        }

        /**
         * Sets the TTL tier.
         *
         * @param ttlTier the tier
         */
        public void setTtlTier(TtlTier ttlTier) {
            this.ttlTier = ttlTier;
        }

        /**
         * The TTL.
         *
         * @return the TTL, {@code null} when not set
         */
        public Duration getTtl() {
            return ttl;
        }

        /**
         * Sets the TTL.
         *
         * @param ttl the TTL
         */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        /**
         * The TTL jitter.
         *
         * @return the fraction, {@code null} when not set
         */
        public Double getJitter() {
            return jitter;
        }

        /**
         * Sets the TTL jitter.
         *
         * @param jitter the fraction
         */
        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }

        /**
         * The L1 size bound.
         *
         * @return entries, {@code null} when not set
         */
        public Long getL1MaximumSize() {
            return l1MaximumSize;
        }

        /**
         * Sets the L1 size bound.
         *
         * @param l1MaximumSize entries
         */
        public void setL1MaximumSize(Long l1MaximumSize) {
            this.l1MaximumSize = l1MaximumSize;
        }

        /**
         * The L1 age bound.
         *
         * @return the age, {@code null} when not set
         */
        public Duration getL1MaxAge() {
            return l1MaxAge;
        }

        /**
         * Sets the L1 age bound.
         *
         * @param l1MaxAge the age
         */
        public void setL1MaxAge(Duration l1MaxAge) {
            this.l1MaxAge = l1MaxAge;
        }

        /**
         * The L1 lifetime after a write.
         *
         * @return the lifetime, {@code null} when not set
         */
        public Duration getL1ExpireAfterWrite() {
            return l1ExpireAfterWrite;
        }

        /**
         * Sets the L1 lifetime after a write.
         *
         * @param l1ExpireAfterWrite the lifetime
         */
        public void setL1ExpireAfterWrite(Duration l1ExpireAfterWrite) {
            this.l1ExpireAfterWrite = l1ExpireAfterWrite;
        }

        /**
         * The negative TTL.
         *
         * @return the TTL, {@code null} when not set
         */
        public Duration getNegativeTtl() {
            return negativeTtl;
        }

        /**
         * Sets the negative TTL.
         *
         * @param negativeTtl the TTL
         */
        public void setNegativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
        }

        /**
         * Whether loads are single-flight across nodes.
         *
         * @return the flag, {@code null} when not set
         */
        public Boolean getSingleFlight() {
            return singleFlight;
        }

        /**
         * Sets whether loads are single-flight across nodes.
         *
         * @param singleFlight the flag
         */
        public void setSingleFlight(Boolean singleFlight) {
            this.singleFlight = singleFlight;
        }

        /**
         * The lease lifetime.
         *
         * @return the lifetime, {@code null} when not set
         */
        public Duration getLeaseTtl() {
            return leaseTtl;
        }

        /**
         * Sets the lease lifetime.
         *
         * @param leaseTtl the lifetime
         */
        public void setLeaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
        }

        /**
         * The stale-while-revalidate window.
         *
         * @return the window, {@code null} when not set
         */
        public Duration getStaleWhileRevalidate() {
            return staleWhileRevalidate;
        }

        /**
         * Sets the stale-while-revalidate window.
         *
         * @param staleWhileRevalidate the window
         */
        public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
            this.staleWhileRevalidate = staleWhileRevalidate;
        }

        /**
         * The largest encoded value.
         *
         * @return the size, {@code null} when not set
         */
        public DataSize getMaxValueSize() {
            return maxValueSize;
        }

        /**
         * Sets the largest encoded value.
         *
         * @param maxValueSize the size
         */
        public void setMaxValueSize(DataSize maxValueSize) {
            this.maxValueSize = maxValueSize;
        }
    }

    /** JSON encoding of cached values. */
    public static class Json {
        /** Packages (prefixes) whose classes may be read back from Redis, besides the application's own packages and java.lang, java.util, java.time and java.math. */
        private List<String> trustedPackages = new ArrayList<>();

        /**
         * The trusted packages.
         *
         * @return the mutable list
         */
        public List<String> getTrustedPackages() {
            return trustedPackages;
        }

        /**
         * Sets the trusted packages.
         *
         * @param trustedPackages the prefixes
         */
        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }
    }
}
