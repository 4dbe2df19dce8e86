package dev.quadrangle.storage;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.storage.internal.AdvisoryLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the objects that {@link ContentOffloader#scheduleDelete} queued, after the deleting transaction
 * committed. Each entry is handled in its own transaction: claim it ({@code FOR UPDATE SKIP LOCKED}, so
 * several nodes can run processors), take the key's exclusive advisory lock (which waits for writers
 * that are storing the same content right now), check that no row references the object any more,
 * delete it, delete the entry, commit. When the store is down the entry stays and is retried with
 * backoff.
 *
 * <p>Made by {@link ContentOffload} ({@link ContentOffload#outbox()}), which gives it the data source, the
 * store and every {@link ReferenceSource} (the host's and the version history's). Use
 * {@link #processPending()} from the host's scheduler, or {@link #start(Duration)} for a daemon thread
 * {@code quadrangle-storage-outbox} that this object owns and that {@link #close()} (or
 * {@link ContentOffload#close()}) stops. The {@link DataSource} is the host's and never closed.
 * Thread-safe.
 */
public final class OutboxProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxProcessor.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

    private final DataSource dataSource;
    private final LocatedContentStore store;
    private final List<ReferenceSource> references;
    private final StorageListener listener;
    private final int batchSize;
    private final ReentrantLock scheduleLock = new ReentrantLock();
    private ScheduledExecutorService scheduler;
    private boolean closed;

    OutboxProcessor(DataSource dataSource, LocatedContentStore store, List<ReferenceSource> references,
            StorageListener listener, int batchSize) {
        this.dataSource = dataSource;
        this.store = store;
        this.references = List.copyOf(references);
        this.listener = listener;
        this.batchSize = batchSize;
    }

    /** The entries handled per {@link #processPending()} call ({@link ContentOffload.Builder#outboxBatchSize(int)}). */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Handles up to the {@link #batchSize() batch size} of due entries.
     *
     * @return the number of objects deleted
     * @throws SQLException when the database fails
     */
    public int processPending() throws SQLException {
        int deleted = 0;
        int kept = 0;
        int failed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < batchSize; i++) {
                    Outcome outcome = processOne(c);
                    if (outcome == Outcome.NONE) {
                        break;
                    }
                    deleted += outcome == Outcome.DELETED ? 1 : 0;
                    kept += outcome == Outcome.KEPT ? 1 : 0;
                    failed += outcome == Outcome.FAILED ? 1 : 0;
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        if (deleted + kept + failed > 0) {
            listener.onOutboxProcessed(deleted, kept, failed);
        }
        return deleted;
    }

    private enum Outcome { NONE, DELETED, KEPT, FAILED }

    private Outcome processOne(Connection c) throws SQLException {
        long id;
        String key;
        int attempts;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, object_key, attempts FROM " + ContentSchema.OUTBOX_TABLE
                + " WHERE next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                c.rollback();
                return Outcome.NONE;
            }
            id = rs.getLong(1);
            key = rs.getString(2);
            attempts = rs.getInt(3);
        }
        AdvisoryLocks.lockExclusive(c, key);
        Outcome outcome;
        if (isReferenced(c, store.baseUri() + key)) {
            outcome = Outcome.KEPT;
        } else {
            try {
                store.delete(key);
                outcome = Outcome.DELETED;
            } catch (ContentUnavailableException e) {
                reschedule(c, id, attempts, e.getMessage());
                c.commit();
                return Outcome.FAILED;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + ContentSchema.OUTBOX_TABLE + " WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        c.commit();
        return outcome;
    }

    private boolean isReferenced(Connection c, String uri) throws SQLException {
        for (ReferenceSource source : references) {
            if (!source.referenced(c, List.of(uri)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void reschedule(Connection c, long id, int attempts, String error) throws SQLException {
        long delaySeconds = Math.min(MAX_RETRY_DELAY.toSeconds(), 1L << Math.min(20, attempts + 1));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + ContentSchema.OUTBOX_TABLE
                + " SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ?), last_error = ? WHERE id = ?")) {
            ps.setLong(1, delaySeconds);
            ps.setString(2, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /**
     * The number of entries waiting (due or not).
     *
     * @return the count
     * @throws SQLException when the database fails
     */
    public long pendingCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + ContentSchema.OUTBOX_TABLE);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs {@link #processPending()} every interval on a daemon thread owned by this processor.
     *
     * @param interval between 10 ms and 1 day
     * @throws IllegalArgumentException when the interval is out of range
     * @throws IllegalStateException when already started or closed
     */
    public void start(Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("interval must be between PT0.01S and P1D, was " + interval);
        }
        scheduleLock.lock();
        try {
            if (scheduler != null || closed) {
                throw new IllegalStateException("the outbox processor is already started or closed");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quadrangle-storage-outbox");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::processQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            scheduleLock.unlock();
        }
    }

    private void processQuietly() {
        try {
            processPending();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("content outbox processing failed, will retry: {}", e.getMessage());
        }
    }

    /** Stops the background thread, if started; waits up to 10 seconds for a running batch. */
    @Override
    public void close() {
        scheduleLock.lock();
        try {
            if (scheduler != null) {
                scheduler.shutdown();
                try {
                    scheduler.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closed = true;
        } finally {
            scheduleLock.unlock();
        }
    }
}
