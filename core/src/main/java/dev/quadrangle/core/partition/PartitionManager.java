package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.DefaultPartitionManager;
import dev.quadrangle.core.internal.ManagerSettings;
import dev.quadrangle.spi.ContentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs the lifecycle of partitioned tables from the application side: creates the parent, the current
 * partition and {@code premake} ahead, moves rows out of the DEFAULT partition, detaches expired
 * partitions ({@code DETACH ... CONCURRENTLY} when the table has no DEFAULT partition and is not distributed
 * by Citus), archives or exports them and restores them on request.
 *
 * <p>On a database with the {@code citus} extension, a spec with a {@link CitusDistribution} is laid out as
 * {@link PartitionSpec#citusLayout()}: the parent is distributed right after it is created, each new partition is
 * distributed next to the parent's shards before rows move into it and it is attached, and partitions are
 * detached without {@code CONCURRENTLY}, which Citus does not support. All of this is read from the server, so
 * the same spec and code run on plain PostgreSQL and on Citus.
 *
 * <p>Only one node maintains a table at a time: each run takes {@code pg_try_advisory_lock} for the
 * table on its own connection, and a run that does not get it returns a skipped result instead of
 * waiting or failing. DDL runs with a short {@code lock_timeout} and is retried with backoff, so live
 * traffic is never queued behind maintenance for longer than the timeout.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#partition-manager -->
 * <pre>{@code
 * PartitionManager manager = PartitionManager.builder(dataSource)
 *         .contentStore(store)
 *         .build();
 * manager.ensure(answers);
 * manager.applyRetention(answers);
 * }</pre>
 *
 * <p>Implementations are thread-safe. The {@link DataSource} is the host's and is never closed.
 */
public interface PartitionManager {

    /**
     * Starts a manager on a data source that reaches the primary.
     *
     * @param dataSource the host's data source (never closed by the manager)
     * @return a new builder
     */
    static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates what the spec needs now: the parent table (when columns are declared and it is missing),
     * indexes, row-level security, the current RANGE partition and {@code premake} ahead (filling gaps
     * after downtime, but never partitions retention would drop at once), HASH partitions, the DEFAULT
     * partition, and moves rows out of the DEFAULT partition into partitions created for them.
     *
     * @param spec the table
     * @return what was done, or a skipped result when another node holds the lock
     * @throws PartitionMaintenanceException when a statement fails or locks stay busy after every retry
     */
    EnsureResult ensure(PartitionSpec spec);

    /**
     * Creates the LIST partition for a value (on demand), under the parent for a LIST first level or
     * under every live RANGE partition for RANGE→LIST, moving matching rows out of the DEFAULT partition.
     * An existing partition counts only when its bound holds the value (whatever its name); the value and
     * every name are checked before anything is created or remembered.
     *
     * @param spec the table, with a LIST level
     * @param value the list value, as its {@link String#valueOf} text
     * @return the partitions created (empty when they all existed)
     * @throws IllegalArgumentException when the spec has no LIST level
     * @throws PartitionMaintenanceException when a statement fails, the key column cannot hold the value, or a
     *         table has the name of the value's partition but is not that partition
     */
    List<String> ensureListValue(PartitionSpec spec, Object value);

    /**
     * Applies the spec's retention: finishes detaches left pending by an interrupted run, resumes
     * archives left half done, then detaches every RANGE partition whose whole range is older than the
     * retention period, and drops, archives or exports it (dropping an exported one only after the
     * object has been read back and its SHA-256 and row count verified). When dropping, moving or exporting
     * a detached partition fails, the partition is attached again before the exception is thrown, so its rows
     * stay visible through the parent and the next run tries again.
     *
     * @param spec the table, with a retention
     * @return what was done, or a skipped result when another node holds the lock
     * @throws IllegalArgumentException when the spec has no retention
     * @throws IllegalStateException when the spec exports and the manager has no content store
     * @throws PartitionMaintenanceException when a statement or the content store fails
     */
    RetentionResult applyRetention(PartitionSpec spec);

    /**
     * Brings an archived partition back: moves it out of the archive schema, or re-creates it from its
     * exported object (after verifying the object's SHA-256), and attaches it again, together with any rows
     * of its range that wait in the DEFAULT partition; the catalog records the restore in the same
     * transaction. Retention leaves a restored partition alone until it is archived explicitly again.
     *
     * @param spec the table
     * @param partition the partition name, as in {@link ArchivedPartition#partition()}
     * @return the number of rows in the restored partition
     * @throws IllegalArgumentException when the catalog has no archive of that partition, or it was dropped without one
     * @throws IllegalStateException when another node holds the maintenance lock
     * @throws PartitionMaintenanceException when a statement or the content store fails
     */
    long restore(PartitionSpec spec, String partition);

    /**
     * Makes a small table shared by every school or class (schools, subjects, terms) a Citus reference table
     * ({@code create_reference_table}): a full copy on every node, so that a read on one shard of a distributed
     * table joins it on that node. On a database without the {@code citus} extension it does nothing, so the same
     * code runs on plain PostgreSQL. Rows already in the table are copied by Citus; the coordinator's own copy is
     * then truncated unless a foreign key of another table points at the table. Local tables whose foreign keys
     * point at it are added to Citus's metadata by Citus (as Citus-local tables).
     *
     * @param schema the table's schema
     * @param table the table, which must exist
     * @return whether it was made a reference table now; {@code false} without Citus or when it already is one
     * @throws IllegalArgumentException when a name is invalid
     * @throws PartitionMaintenanceException when the table is missing, is hash-distributed, or Citus refuses it
     */
    boolean ensureReferenceTable(String schema, String table);

    /**
     * The partitions retention has detached, from the manager's catalog.
     *
     * @param spec the table
     * @return every archive record of the table, by partition name
     */
    List<ArchivedPartition> archives(PartitionSpec spec);

    /**
     * The partitions attached to the parent (first level), by name.
     *
     * @param spec the table
     * @return partition names, sorted
     */
    List<String> partitions(PartitionSpec spec);

    /**
     * Counts the rows in the DEFAULT partition.
     *
     * @param spec the table
     * @return the row count, 0 when the spec has no DEFAULT partition
     */
    long rowsInDefault(PartitionSpec spec);

    /** Collects a manager's settings. Not thread-safe. */
    final class Builder {
        /** Default {@code lock_timeout} for maintenance DDL. */
        public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(200);
        /** Default number of attempts per DDL statement that hits the lock timeout. */
        public static final int DEFAULT_LOCK_ATTEMPTS = 8;
        /** Default first backoff after a lock timeout; it doubles per attempt up to one second. */
        public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
        /** Default schema of the manager's catalog table {@code partition_archive}. */
        public static final String DEFAULT_CATALOG_SCHEMA = "quadrangle";

        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private int lockAttempts = DEFAULT_LOCK_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private ContentStore contentStore;
        private String catalogSchema = DEFAULT_CATALOG_SCHEMA;
        private PartitionListener listener = PartitionListener.NONE;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the clock that decides which partitions are current and expired (tests control it).
         *
         * @param clock the clock, {@link Clock#systemUTC()} by default
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the {@code lock_timeout} of maintenance DDL.
         *
         * @param timeout 10 ms to 60 s; {@link #DEFAULT_LOCK_TIMEOUT} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder lockTimeout(Duration timeout) {
            if (timeout == null || timeout.toMillis() < 10 || timeout.toMillis() > 60_000) {
                throw new IllegalArgumentException("lockTimeout must be between 10 ms and 60 s, was " + timeout);
            }
            this.lockTimeout = timeout;
            return this;
        }

        /**
         * Sets how often a DDL statement is tried when it hits the lock timeout.
         *
         * @param attempts 1 to 100; {@value #DEFAULT_LOCK_ATTEMPTS} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder lockAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("lockAttempts must be between 1 and 100, was " + attempts);
            }
            this.lockAttempts = attempts;
            return this;
        }

        /**
         * Sets the first backoff after a lock timeout; it doubles per attempt, up to one second.
         *
         * @param backoff 0 to 10 s; {@link #DEFAULT_RETRY_BACKOFF} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder retryBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative() || backoff.toMillis() > 10_000) {
                throw new IllegalArgumentException("retryBackoff must be between 0 and 10 s, was " + backoff);
            }
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Sets the store that {@link Retention#export} archives go to (not closed by the manager).
         *
         * @param store the content store
         * @return this builder
         */
        public Builder contentStore(ContentStore store) {
            this.contentStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the schema of the catalog table that records archives (created when missing).
         *
         * @param schema the schema name; {@value #DEFAULT_CATALOG_SCHEMA} by default
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid
         */
        public Builder catalogSchema(String schema) {
            this.catalogSchema = dev.quadrangle.core.internal.Identifiers.check("catalog schema", schema);
            return this;
        }

        /**
         * Sets the listener that receives what the manager does (metrics).
         *
         * @param listener the listener; {@link PartitionListener#NONE} by default
         * @return this builder
         */
        public Builder listener(PartitionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the manager; it opens no connection until first used.
         *
         * @return the manager
         */
        public PartitionManager build() {
            return new DefaultPartitionManager(dataSource, contentStore, listener,
                    new ManagerSettings(clock, lockTimeout, lockAttempts, retryBackoff, catalogSchema));
        }
    }
}
