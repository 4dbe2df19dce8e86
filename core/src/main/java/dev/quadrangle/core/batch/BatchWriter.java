package dev.quadrangle.core.batch;

import dev.quadrangle.core.repository.PartitionedRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers high-volume rows (answers, interactions) in a bounded queue and writes them in batches with
 * {@code COPY} (or {@code INSERT ... ON CONFLICT DO NOTHING}) on one daemon thread,
 * {@code quadrangle-core-batch-writer}. A batch is written when it reaches {@code batchSize} rows or
 * when its first row has waited {@code flushInterval}.
 *
 * <p>Memory is bounded by {@code capacity}: a producer that finds the queue full waits up to
 * {@code offerTimeout} and then gets {@link BatchWriterFullException} (back-pressure, never a silent
 * drop). A batch that still fails after {@code maxAttempts} goes to the {@link BatchFailureHandler}.
 * {@link #close()} writes everything queued before it returns.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#batch-writer -->
 * <pre>{@code
 * try (BatchWriter writer = BatchWriter.builder(answers).batchSize(1000).build()) {
 *     writer.write(new Object[] {id, userId, questionId, correct, body, createdAt});
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of producers may call {@link #write}. The repository is not closed.
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final PartitionedRepository repository;
    private final BlockingQueue<Object> queue;
    private final Settings settings;
    private final BatchWriterListener listener;
    private final BatchFailureHandler failureHandler;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private record Settings(int capacity, int batchSize, Duration flushInterval, Duration offerTimeout, int maxAttempts,
            boolean ignoreDuplicates) {
    }

    /** Asks the writer thread to write everything before it, then completes. */
    private static final class FlushMarker {
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private BatchWriter(Builder b) {
        this.repository = b.repository;
        this.settings = new Settings(b.capacity, b.batchSize, b.flushInterval, b.offerTimeout, b.maxAttempts, b.ignoreDuplicates);
        this.queue = new ArrayBlockingQueue<>(b.capacity + 1);
        this.listener = b.listener;
        this.failureHandler = b.failureHandler;
        this.thread = new Thread(this::run, "quadrangle-core-batch-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a writer for a repository's table.
     *
     * @param repository the repository rows go to (not closed by the writer)
     * @return a builder
     */
    public static Builder builder(PartitionedRepository repository) {
        return new Builder(repository);
    }

    /**
     * Queues a row, waiting up to the offer timeout when the queue is full.
     *
     * @param row the row in the spec's declared column order
     * @throws BatchWriterFullException when the queue stayed full for the whole offer timeout
     * @throws IllegalStateException when the writer is closed
     * @throws IllegalArgumentException when the row has the wrong number of values
     */
    public void write(Object[] row) {
        Objects.requireNonNull(row, "row");
        int width = repository.spec().columns().size();
        if (row.length != width) {
            throw new IllegalArgumentException("row for table " + repository.spec().table() + " has " + row.length
                    + " values, expected " + width);
        }
        if (closed.get()) {
            throw new IllegalStateException("batch writer for " + repository.spec().table() + " is closed");
        }
        if (queue.size() < settings.capacity() && queue.offer(row)) {
            return;
        }
        long start = System.nanoTime();
        boolean accepted = false;
        long deadline = start + settings.offerTimeout().toNanos();
        while (!accepted && System.nanoTime() < deadline) {
            // the extra slot is reserved for flush markers, so rows wait while the queue holds capacity rows
            if (queue.size() < settings.capacity()) {
                accepted = queue.offer(row);
            } else {
                LockSupport.parkNanos(Math.min(1_000_000L, Math.max(1, deadline - System.nanoTime())));
            }
        }
        listener.onBackPressure(System.nanoTime() - start, accepted);
        if (!accepted) {
            throw new BatchWriterFullException("batch writer for " + repository.spec().table() + " is full ("
                    + settings.capacity() + " rows) after waiting " + settings.offerTimeout().toMillis() + " ms");
        }
    }

    /**
     * Writes every row queued before this call and waits for it.
     *
     * @param timeout how long to wait at most
     * @throws IllegalStateException when the writer is closed or the flush does not finish in time
     */
    public void flush(Duration timeout) {
        if (!thread.isAlive()) {
            throw new IllegalStateException("batch writer for " + repository.spec().table() + " is closed");
        }
        FlushMarker marker = new FlushMarker();
        try {
            if (!queue.offer(marker, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("could not request a flush within " + timeout.toMillis() + " ms");
            }
            marker.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("flush of " + repository.spec().table() + " did not finish within "
                    + timeout.toMillis() + " ms", e);
        }
    }

    /** Rows waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /** Rows written so far. */
    public long written() {
        return written.get();
    }

    /** Rows handed to the failure handler so far. */
    public long failed() {
        return failed.get();
    }

    /** Stops accepting rows, writes everything queued, and stops the thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            flush(Duration.ofMinutes(5));
        } finally {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<Object[]> batch = new ArrayList<>(settings.batchSize());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Object first = queue.poll(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                long deadline = System.nanoTime() + settings.flushInterval().toNanos();
                Object next = first;
                while (next != null) {
                    if (next instanceof FlushMarker) {
                        writeBatch(batch);
                        ((FlushMarker) next).done.complete(null);
                    } else {
                        batch.add((Object[]) next);
                        if (batch.size() >= settings.batchSize()) {
                            writeBatch(batch);
                        }
                    }
                    long wait = deadline - System.nanoTime();
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null && wait <= 0) {
                        break;
                    }
                }
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // closing: write what is still queued (a producer may have passed the closed check just before);
        // the interrupt has done its job of ending the wait, clear it so that JDBC calls are not disturbed
        Thread.interrupted();
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof FlushMarker) {
                writeBatch(batch);
                ((FlushMarker) item).done.complete(null);
            } else {
                batch.add((Object[]) item);
                if (batch.size() >= settings.batchSize()) {
                    writeBatch(batch);
                }
            }
        }
        writeBatch(batch);
    }

    private void writeBatch(List<Object[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Object[]> rows = List.copyOf(batch);
        batch.clear();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            long start = System.nanoTime();
            long n;
            try {
                n = settings.ignoreDuplicates() ? repository.insertIgnoringDuplicates(rows) : repository.copyInsert(rows);
            } catch (IllegalArgumentException e) {
                // a row without partition or of the wrong shape fails every attempt the same way
                last = e;
                break;
            } catch (RuntimeException e) {
                last = e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L * attempt));
                continue;
            }
            written.addAndGet(n);
            // outside the attempt: a listener that throws must neither repeat a written batch nor end the thread
            tell(() -> listener.onFlush(rows.size(), System.nanoTime() - start));
            return;
        }
        failed.addAndGet(rows.size());
        RuntimeException failure = last;
        tell(() -> listener.onFailure(rows.size(), failure));
        try {
            failureHandler.onFailedBatch(rows, last);
        } catch (RuntimeException e) {
            LOG.error("the failure handler of the batch writer for {} threw; {} rows were not written",
                    repository.spec().table(), rows.size(), e);
        }
    }

    /** Calls the listener; one that throws is logged, and the writer thread goes on with the queued rows. */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("the listener of the batch writer for {} threw: {}", repository.spec().table(), e.toString());
        }
    }

    /** Collects a writer's settings. Not thread-safe. */
    public static final class Builder {
        /** Default queue capacity in rows. */
        public static final int DEFAULT_CAPACITY = 10_000;
        /** Default rows per batch. */
        public static final int DEFAULT_BATCH_SIZE = 1_000;
        /** Default longest wait of a queued row before its batch is written. */
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
        /** Default longest wait of a producer when the queue is full. */
        public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofSeconds(5);
        /** Default attempts per batch. */
        public static final int DEFAULT_MAX_ATTEMPTS = 3;

        private final PartitionedRepository repository;
        private int capacity = DEFAULT_CAPACITY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration offerTimeout = DEFAULT_OFFER_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private boolean ignoreDuplicates;
        private BatchWriterListener listener = BatchWriterListener.NONE;
        private BatchFailureHandler failureHandler = (rows, failure) -> LOG.error(
                "{} rows could not be written; set a BatchFailureHandler to keep them", rows.size(), failure);

        private Builder(PartitionedRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        /**
         * Sets the queue capacity, the most rows held in memory.
         *
         * @param rows 1 to 10,000,000; {@value #DEFAULT_CAPACITY} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder capacity(int rows) {
            if (rows < 1 || rows > 10_000_000) {
                throw new IllegalArgumentException("capacity must be between 1 and 10000000, was " + rows);
            }
            this.capacity = rows;
            return this;
        }

        /**
         * Sets the rows per batch.
         *
         * @param rows 1 to 100,000; {@value #DEFAULT_BATCH_SIZE} by default
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder batchSize(int rows) {
            if (rows < 1 || rows > 100_000) {
                throw new IllegalArgumentException("batchSize must be between 1 and 100000, was " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /**
         * Sets how long a queued row waits at most before its batch is written.
         *
         * @param interval 1 ms to 1 minute
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder flushInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1 || interval.toMillis() > 60_000) {
                throw new IllegalArgumentException("flushInterval must be between 1 ms and 60 s, was " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /**
         * Sets how long a producer waits when the queue is full.
         *
         * @param timeout 0 to 1 minute
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder offerTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.toMillis() > 60_000) {
                throw new IllegalArgumentException("offerTimeout must be between 0 and 60 s, was " + timeout);
            }
            this.offerTimeout = timeout;
            return this;
        }

        /**
         * Sets the attempts per batch before it goes to the failure handler.
         *
         * @param attempts 1 to 10
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Writes with {@code INSERT ... ON CONFLICT DO NOTHING} instead of COPY, so a replayed batch is
         * harmless (slower).
         *
         * @param enabled whether to skip duplicates
         * @return this builder
         */
        public Builder ignoreDuplicates(boolean enabled) {
            this.ignoreDuplicates = enabled;
            return this;
        }

        /**
         * Sets the listener for metrics.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(BatchWriterListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets what happens to a batch that failed every attempt; by default it is logged at ERROR.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder failureHandler(BatchFailureHandler handler) {
            this.failureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Builds the writer and starts its thread.
         *
         * @return the writer
         * @throws IllegalStateException when the batch size exceeds the capacity
         */
        public BatchWriter build() {
            if (batchSize > capacity) {
                throw new IllegalStateException("batchSize " + batchSize + " must not exceed capacity " + capacity);
            }
            return new BatchWriter(this);
        }
    }
}
