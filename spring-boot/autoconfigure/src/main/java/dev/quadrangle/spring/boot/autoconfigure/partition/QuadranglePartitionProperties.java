package dev.quadrangle.spring.boot.autoconfigure.partition;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quadrangle.partitions.*} properties: the partition manager and the schedule of its
 * maintenance. Mutable JavaBean for Spring Boot's binder.
 */
@ConfigurationProperties(prefix = "quadrangle.partitions")
public class QuadranglePartitionProperties {

    /** Whether the partition manager and repositories are configured (needs a DataSource). */
    private boolean enabled = true;

    /** How long a DDL statement waits for its lock before it is retried; default 200ms, 10ms to 60s. */
    private Duration lockTimeout;

    /** Attempts per DDL statement; default 8, 1 to 100. */
    private Integer lockAttempts;

    /** Backoff between attempts, doubling up to 1s; default 50ms. */
    private Duration retryBackoff;

    /** Schema of the partition catalog; default quadrangle. */
    private String catalogSchema;

    /** Scheduled maintenance of every PartitionSpec bean. */
    private final Maintenance maintenance = new Maintenance();

    /**
     * Whether partitions are configured.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether partitions are configured.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The DDL lock timeout.
     *
     * @return the timeout, {@code null} for the default
     */
    public Duration getLockTimeout() {
        return lockTimeout;
    }

    /**
     * Sets the DDL lock timeout.
     *
     * @param lockTimeout the timeout
     */
    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    /**
     * The attempts per DDL statement.
     *
     * @return the attempts, {@code null} for the default
     */
    public Integer getLockAttempts() {
        return lockAttempts;
    }

    /**
     * Sets the attempts per DDL statement.
     *
     * @param lockAttempts the attempts
     */
    public void setLockAttempts(Integer lockAttempts) {
        this.lockAttempts = lockAttempts;
    }

    /**
     * The retry backoff.
     *
     * @return the backoff, {@code null} for the default
     */
    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    /**
     * Sets the retry backoff.
     *
     * @param retryBackoff the backoff
     */
    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    /**
     * The catalog schema.
     *
     * @return the schema, {@code null} for the default
     */
    public String getCatalogSchema() {
        return catalogSchema;
    }

    /**
     * Sets the catalog schema.
     *
     * @param catalogSchema the schema
     */
    public void setCatalogSchema(String catalogSchema) {
        this.catalogSchema = catalogSchema;
    }

    /**
     * The maintenance schedule.
     *
     * @return the settings
     */
    public Maintenance getMaintenance() {
        return maintenance;
    }

    /** The maintenance schedule. */
    public static class Maintenance {
        /** Whether ensure and retention run on a schedule for every PartitionSpec bean. */
        private boolean enabled = true;

        /** Whether the first run happens at startup, before the application serves (so the partitions exist). */
        private boolean onStartup = true;

        /** Time between two runs; 1s to 7 days. */
        private Duration interval = Duration.ofHours(1);

        /** Whether the runs also apply each spec's retention (detach, archive, drop). */
        private boolean retention = true;

        /**
         * Whether maintenance is scheduled.
         *
         * @return the flag
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether maintenance is scheduled.
         *
         * @param enabled the flag
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Whether the first run is at startup.
         *
         * @return the flag
         */
        public boolean isOnStartup() {
            return onStartup;
        }

        /**
         * Sets whether the first run is at startup.
         *
         * @param onStartup the flag
         */
        public void setOnStartup(boolean onStartup) {
            this.onStartup = onStartup;
        }

        /**
         * The interval.
         *
         * @return the interval
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the interval.
         *
         * @param interval the interval
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * Whether retention runs.
         *
         * @return the flag
         */
        public boolean isRetention() {
            return retention;
        }

        /**
         * Sets whether retention runs.
         *
         * @param retention the flag
         */
        public void setRetention(boolean retention) {
            this.retention = retention;
        }
    }
}
