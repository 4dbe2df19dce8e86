package dev.quadrangle.samples.modules;

import dev.quadrangle.core.batch.CounterTable;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.samples.chaos.FailoverWatch;
import dev.quadrangle.samples.ops.AnswerReceipt;
import dev.quadrangle.samples.ops.CampusOperationException;
import dev.quadrangle.samples.schema.CampusPartitions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.impl.SQLDataType;

/**
 * Answer submission with group commit: the answers waiting at a moment are stored with core's
 * {@link PartitionedRepository#copyInsert} (COPY) and their increments applied to the performance summaries
 * through core's {@link CounterTable} (one {@code INSERT ... ON CONFLICT DO UPDATE}, increments merged per
 * student), both in <b>one transaction on one primary connection</b>, and a submission is acknowledged only
 * after that transaction committed.
 *
 * <p>A submitter queues its answer and waits. A committing thread ({@code quadrangle-samples-answer-flush-N},
 * {@link #FLUSHERS} of them) takes every answer queued so far (at most {@link #MAX_GROUP}), and on one
 * connection of the routing data source runs the COPY, the summary statement, the read of the students' new
 * totals and the commit; the routing module reads the WAL position in the commit's own round trip, and that
 * {@link ConsistencyToken} goes back to the submitters (a replica that replayed it has the rows and the
 * summaries). Answers arriving while the transactions run form the next groups, so the busier, the larger
 * the groups. Each group locks its summary rows in key order, so two groups never deadlock; a student's
 * answers in two concurrent groups are both counted (the second waits for the first's row lock).
 * The rows and the summaries commit together or not at all: a group whose transaction fails before the
 * commit is retried whole (it stored nothing) up to {@link #MAX_ATTEMPTS} times, then its submissions fail
 * "nothing was stored"; a commit whose outcome is unknown (the connection broke during it) fails its
 * submissions "in doubt", as does a submission not acknowledged within {@link #ACK_TIMEOUT}.
 *
 * <p>Answer ids come from {@code answers_id_seq} in blocks, so a receipt names its row before the COPY.
 *
 * <p>Thread-safe. {@link #close()} stores and acknowledges everything queued, then stops the threads.
 */
final class AnswerWriter implements AutoCloseable {
    /** Answers per transaction at most. */
    static final int MAX_GROUP = 500;
    /** Answers waiting at most (back-pressure beyond). */
    static final int CAPACITY = 20_000;
    /** How long a submitter waits for room when {@link #CAPACITY} answers wait. */
    static final Duration OFFER_TIMEOUT = Duration.ofSeconds(2);
    /** How long a submitter waits for its acknowledgement. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    /** Transactions tried per group before its submissions fail. */
    static final int MAX_ATTEMPTS = 3;
    /** Answer ids taken from the sequence per round trip. */
    static final int ID_BLOCK = 1_000;
    /**
     * Threads committing groups, each on its own connection: while one waits for its round trips, the other
     * takes what queued meanwhile, so one slow transaction does not hold every waiting submitter.
     */
    static final int FLUSHERS = 2;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOTALS = "SELECT student_id, total_answered FROM performance_summaries"
            + " WHERE student_id = ANY (?)";

    /** The performance summaries as a counter table keyed by (student, school). */
    static final CounterTable SUMMARIES = CounterTable.builder("performance_summaries")
            .key("student_id", SQLDataType.BIGINT).key("school_id", SQLDataType.INTEGER)
            .counters("total_answered", "total_correct", "points").build();

    private final RoutingDataSource routing;
    private final IdBlocks ids;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition room = lock.newCondition();
    private List<Pending> waiting = new ArrayList<>();
    private boolean closing;
    private final List<Thread> flushers = new ArrayList<>();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failedRows = new LongAdder();
    private final LongAdder inDoubt = new LongAdder();
    private final LongAdder groups = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final FailoverWatch watch;

    /** One submission on its way. */
    private record Pending(long id, long studentId, int schoolId, long questionId, short selectedOption,
            boolean correct, int points, int timeTakenMillis, OffsetDateTime answeredAt, CompletableFuture<Ack> done) {
        Object[] row() {
            return new Object[] {id, studentId, questionId, selectedOption, correct, timeTakenMillis, answeredAt};
        }
    }

    /** What a submitter gets back. */
    record Ack(AnswerReceipt receipt, Optional<ConsistencyToken> token) {
    }

    /** What one committed group produced. */
    private record Stored(Map<Long, Integer> totals, Optional<ConsistencyToken> token) {
    }

    /** The commit was sent and its outcome is unknown. */
    private static final class CommitInDoubt extends Exception {
        private static final long serialVersionUID = 1L;

        CommitInDoubt(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    AnswerWriter(RoutingDataSource routing) {
        this(routing, null);
    }

    /** A writer that also tells a failover watch (may be {@code null}) about each committed or failed group. */
    AnswerWriter(RoutingDataSource routing, FailoverWatch watch) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.watch = watch;
        this.ids = new IdBlocks(routing);
        for (int i = 1; i <= FLUSHERS; i++) {
            Flusher f = new Flusher();
            Thread t = new Thread(f::run, "quadrangle-samples-answer-flush-" + i);
            t.setDaemon(true);
            flushers.add(t);
        }
        flushers.forEach(Thread::start);
    }

    /**
     * Stores a graded answer and its summary increment; returns once both are committed.
     *
     * @throws CampusOperationException when the queue stays full, the group fails, or no acknowledgement
     *     comes within {@link #ACK_TIMEOUT}
     */
    Ack submit(long studentId, int schoolId, long questionId, int selectedOption, boolean correct, int difficulty,
            int timeTakenMillis) {
        long id = ids.next();
        Pending p = new Pending(id, studentId, schoolId, questionId, (short) selectedOption, correct,
                correct ? difficulty * 10 : 0, timeTakenMillis, OffsetDateTime.now(ZoneOffset.UTC),
                new CompletableFuture<>());
        enqueue(p);
        try {
            return p.done.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CampusOperationException("submitAnswer failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CampusOperationException("submitAnswer not acknowledged within " + ACK_TIMEOUT.toSeconds()
                    + " s; answer " + id + " may still be stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CampusOperationException("interrupted while waiting for answer " + id, e);
        }
    }

    private void enqueue(Pending p) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + OFFER_TIMEOUT.toNanos();
            while (!closing && waiting.size() >= CAPACITY) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CampusOperationException("submitAnswer failed, nothing was stored: " + CAPACITY
                            + " answers already wait to be stored (waited " + OFFER_TIMEOUT.toMillis() + " ms)", null);
                }
                room.awaitNanos(left);
            }
            if (closing) {
                throw new CampusOperationException(
                        "submitAnswer failed, nothing was stored: the answer writer is closed", null);
            }
            waiting.add(p);
            queued.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CampusOperationException("submitAnswer interrupted, nothing was stored", e);
        } finally {
            lock.unlock();
        }
    }

    /** Answers acknowledged so far. */
    long acknowledged() {
        return acknowledged.sum();
    }

    /** Answers whose group failed every attempt (none of them stored). */
    long failedRows() {
        return failedRows.sum();
    }

    /** Answers whose commit outcome was unknown. */
    long inDoubt() {
        return inDoubt.sum();
    }

    /** Groups committed so far (each one transaction: COPY, summary statement, totals, commit). */
    long groups() {
        return groups.sum();
    }

    /** Group transactions that failed before the commit and were tried again. */
    long retries() {
        return retries.sum();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queued.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            for (Thread t : flushers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answers queued so far, at most {@link #MAX_GROUP}; {@code null} once closed and drained. */
    private List<Pending> nextGroup() {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (closing) {
                    return null;
                }
                queued.await(100, TimeUnit.MILLISECONDS);
            }
            List<Pending> group;
            if (waiting.size() <= MAX_GROUP) {
                group = waiting;
                waiting = new ArrayList<>();
            } else {
                group = new ArrayList<>(waiting.subList(0, MAX_GROUP));
                waiting.subList(0, MAX_GROUP).clear();
            }
            room.signalAll();
            return group;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** One committing thread's state: its transaction connection, bound while a group is written. */
    private final class Flusher {
        // the transaction's connection, as a data source for the library calls that take one
        private final BoundConnection transaction = new BoundConnection();
        private final PartitionedRepository answers = PartitionedRepository.builder(CampusPartitions.ANSWERS,
                transaction).build();

        void run() {
            List<Pending> group;
            while ((group = nextGroup()) != null) {
                store(group);
            }
        }

        private void store(List<Pending> group) {
            // summary rows are locked in key order, so that two groups never deadlock
            group.sort(Comparator.comparingLong(Pending::studentId).thenComparingInt(Pending::schoolId));
            Exception last = null;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                try {
                    Stored stored = commit(group);
                    groups.increment();
                    if (watch != null) {
                        watch.committed(group.size());
                    }
                    for (Pending p : group) {
                        int total = stored.totals().getOrDefault(p.studentId(), 0);
                        AnswerReceipt receipt = new AnswerReceipt(p.id(), p.correct(), total);
                        if (p.done.complete(new Ack(receipt, stored.token()))) {
                            acknowledged.increment();
                        }
                    }
                    return;
                } catch (CommitInDoubt e) {
                    inDoubt.add(group.size());
                    fail(group, true, "the commit of answer %d's group failed and may have stored it: "
                            + e.getMessage(), e);
                    return;
                } catch (SQLException | RuntimeException e) {
                    last = e;
                    if (attempt < MAX_ATTEMPTS) {
                        retries.increment();
                        pause(Duration.ofMillis(50L * attempt));
                    }
                }
            }
            failedRows.add(group.size());
            fail(group, false, "the group of answer %d failed " + MAX_ATTEMPTS + " times, nothing of it was stored: "
                    + (last == null ? "" : last.getMessage()), last);
        }

        /** Stores a group in one transaction and returns the students' totals and the commit's token. */
        private Stored commit(List<Pending> group) throws SQLException, CommitInDoubt {
            try {
                return routing.inSession(null, () -> {
                    try (Connection c = routing.getConnection()) {
                        c.setAutoCommit(false);
                        Map<Long, Integer> totals = write(c, group);
                        try {
                            c.commit();
                        } catch (SQLException e) {
                            throw new InDoubtSignal(new CommitInDoubt(e));
                        }
                        return new Stored(totals, routing.currentToken());
                    }
                });
            } catch (InDoubtSignal e) {
                throw e.inDoubt;
            }
        }

        /** COPY, summary statement and totals in the open transaction; rolled back when any fails. */
        private Map<Long, Integer> write(Connection c, List<Pending> group) throws SQLException {
            transaction.bind(c);
            try {
                List<Object[]> rows = new ArrayList<>(group.size());
                CounterTable.Increments increments = SUMMARIES.increments();
                for (Pending p : group) {
                    rows.add(p.row());
                    increments.add(List.of(p.studentId(), p.schoolId()), 1, p.correct() ? 1 : 0, p.points());
                }
                answers.copyInsert(rows);
                SUMMARIES.apply(transaction, increments);
                return totals(c, group);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                transaction.unbind();
            }
        }
    }

    /** Carries an in-doubt commit out of the routing session's work, which may throw only SQLException. */
    private static final class InDoubtSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CommitInDoubt inDoubt;

        InDoubtSignal(CommitInDoubt inDoubt) {
            super(inDoubt.getMessage(), inDoubt, false, false);
            this.inDoubt = inDoubt;
        }
    }

    private static Map<Long, Integer> totals(Connection c, List<Pending> group) throws SQLException {
        Long[] students = group.stream().map(Pending::studentId).distinct().toArray(Long[]::new);
        Map<Long, Integer> totals = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(TOTALS)) {
            Array array = c.createArrayOf("bigint", students);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.merge(rs.getLong(1), rs.getInt(2), Integer::sum);
                }
            }
        }
        return totals;
    }

    private void fail(List<Pending> group, boolean commitInDoubt, String messageFormat, Exception cause) {
        if (watch != null) {
            watch.failed(group.size(), commitInDoubt,
                    String.format(java.util.Locale.ROOT, messageFormat, group.get(0).id()));
        }
        for (Pending p : group) {
            String message = String.format(java.util.Locale.ROOT, messageFormat, p.id());
            p.done.completeExceptionally(new CampusOperationException(message, cause));
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answer ids from {@code answers_id_seq}, {@value #ID_BLOCK} per round trip on the primary. */
    private static final class IdBlocks {
        private static final String NEXT = "SELECT nextval('answers_id_seq') FROM generate_series(1, " + ID_BLOCK + ")";
        private final RoutingDataSource routing;
        private final ReentrantLock lock = new ReentrantLock();
        private final long[] block = new long[ID_BLOCK];
        private int next = ID_BLOCK;

        IdBlocks(RoutingDataSource routing) {
            this.routing = routing;
        }

        long next() {
            lock.lock();
            try {
                if (next == ID_BLOCK) {
                    refill();
                }
                return block[next++];
            } finally {
                lock.unlock();
            }
        }

        private void refill() {
            try (Connection c = routing.getConnection(); PreparedStatement ps = c.prepareStatement(NEXT);
                    ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next() && i < ID_BLOCK) {
                    block[i++] = rs.getLong(1);
                }
                if (i != ID_BLOCK) {
                    throw new IllegalStateException("answers_id_seq gave " + i + " ids, expected " + ID_BLOCK);
                }
                next = 0;
            } catch (SQLException e) {
                throw new CampusOperationException("submitAnswer failed, nothing was stored: no answer id: "
                        + e.getMessage(), e);
            }
        }
    }
}
