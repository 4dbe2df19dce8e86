package dev.quadrangle.samples.modules;

import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.samples.jdbc.JdbcCampusOperations;
import dev.quadrangle.samples.jdbc.SqlRoutes;
import dev.quadrangle.samples.ops.AnswerReceipt;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.AuditEntry;
import dev.quadrangle.samples.ops.CampusOperationException;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.samples.ops.Difficulty;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.Interaction;
import dev.quadrangle.samples.ops.LeaderboardEntry;
import dev.quadrangle.samples.ops.PendingActivity;
import dev.quadrangle.samples.ops.Question;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.StoredContent;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The campus operations composed from the modules: the SQL of the plain-JDBC operations routed by the
 * routing module, with each user's last answer's {@link ConsistencyToken} applied to that user's later
 * reads (read-your-writes); pending activities, question pools, leaderboards, activity content, the
 * students' directory and the answer keys served from cache regions; offloaded content resolved through
 * the storage module; answers group-committed with their summary increments (core's repository COPY and
 * counter table in one transaction per group), interactions through core's batch writer; the grade book
 * and the audit log read through core's partitioned repository.
 *
 * <p>Thread-safe.
 */
final class ModuleCampusOperations implements CampusOperations {
    /** The leaderboard region keeps this many entries per school; requests slice it. */
    static final int LEADERBOARD_DEPTH = 100;
    /** The tenant under which activity content is offloaded. */
    static final String CONTENT_TENANT = "campus";

    private final RoutingDataSource routing;
    private final SqlRoutes routes;
    private final JdbcCampusOperations sql;
    private final ModuleCaches caches;
    private final ContentOffloader offloader;
    private final Map<Long, ConsistencyToken> tokens = new ConcurrentHashMap<>();
    private final LongAdder contentUnavailable = new LongAdder();

    private final InteractionWriter interactions;
    private final AnswerWriter answers;
    private final CampusTerms terms;
    private final AuditLogQueries auditLog;
    private final GradeBookQueries gradeBook;

    ModuleCampusOperations(RoutingDataSource routing, ModuleCaches caches, ContentOffloader offloader,
            InteractionWriter interactions, AnswerWriter answers, CampusTerms terms) {
        this.interactions = Objects.requireNonNull(interactions, "interactions");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.terms = Objects.requireNonNull(terms, "terms");
        this.auditLog = new AuditLogQueries(routing);
        this.routing = Objects.requireNonNull(routing, "routing");
        this.routes = new RoutedSqlRoutes(routing);
        this.sql = new JdbcCampusOperations(routes);
        this.caches = Objects.requireNonNull(caches, "caches");
        this.offloader = Objects.requireNonNull(offloader, "offloader");
        this.gradeBook = new GradeBookQueries(routing, terms, this::studentNames);
    }

    @Override
    public List<PendingActivity> pendingActivities(long studentId, long classId, int termId, int limit) {
        checkRange("limit", limit, 1, 100);
        CampusCalendar.Term term = terms.term(termId);
        ClassActivities activities = caches.pending().get(classId + "/" + termId, key -> {
            try {
                return ClassActivitiesLoader.load(routes, classId, term);
            } catch (SQLException e) {
                throw new CampusOperationException("pendingActivities failed: " + e.getMessage(), e);
            }
        });
        return activities.pendingFor(studentId, Instant.now(), limit);
    }

    @Override
    public GradeBookPage gradeBook(long classId, int termId, GradeBookCursor after, int pageSize) {
        return gradeBook.page(classId, termId, after, pageSize);
    }

    @Override
    public List<Question> questionSet(int systemId, int topicId, Difficulty difficulty, int count, long randomStart) {
        Objects.requireNonNull(difficulty, "difficulty");
        checkRange("count", count, 1, 50);
        List<Question> pool = caches.questionPools().get(systemId + "/" + topicId + "/" + difficulty.level(),
                key -> sql.questionPool(systemId, topicId, difficulty));
        if (pool.isEmpty()) {
            return List.of();
        }
        int n = Math.min(count, pool.size());
        int start = (int) Math.floorMod(randomStart, (long) pool.size());
        List<Question> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(pool.get((start + i) % pool.size()));
        }
        return result;
    }

    /**
     * Grades the answer from the cached answer key, hands it to the batched answer writer and waits until
     * the answer and its summary increment are committed; the summary update's log position becomes the
     * student's token, so the student's next reads see both.
     */
    @Override
    public AnswerReceipt submitAnswer(AnswerSubmission answer) {
        Objects.requireNonNull(answer, "answer");
        ModuleCaches.AnswerKey key = caches.answerKeys().find(answer.questionId(),
                id -> StudentLookups.answerKey(routes, id)).orElseThrow(() -> new IllegalArgumentException(
                        "no question " + answer.questionId() + "; nothing was stored"));
        ModuleCaches.Student student = student(answer.studentId()).orElseThrow(() -> new IllegalArgumentException(
                "no student " + answer.studentId() + "; nothing was stored"));
        AnswerWriter.Ack ack = answers.submit(answer.studentId(), student.schoolId(), answer.questionId(),
                answer.selectedOption(), answer.selectedOption() == key.correctOption(), key.difficulty(),
                answer.timeTakenMillis());
        ack.token().ifPresent(t -> tokens.merge(answer.studentId(), t, ConsistencyToken::max));
        return ack.receipt();
    }

    private Optional<ModuleCaches.Student> student(long studentId) {
        return caches.students().find(studentId,
                id -> Optional.ofNullable(StudentLookups.students(routes, List.of(id)).get(id)));
    }

    private Map<Long, String> studentNames(java.util.Set<Long> ids) {
        Map<Long, String> names = new java.util.HashMap<>();
        caches.students().getAll(ids, missing -> StudentLookups.students(routes, missing))
                .forEach((id, s) -> names.put(id, s.displayName()));
        return names;
    }

    @Override
    public List<LeaderboardEntry> leaderboard(int schoolId, int limit) {
        checkRange("limit", limit, 1, 100);
        List<LeaderboardEntry> top = caches.leaderboards().get(schoolId,
                key -> sql.leaderboard(schoolId, LEADERBOARD_DEPTH));
        return top.subList(0, Math.min(limit, top.size()));
    }

    @Override
    public List<AuditEntry> recentAuditLog(long userId, Instant now, int limit) {
        return inUserSession(userId, () -> auditLog.recent(userId, now, limit));
    }

    @Override
    public Optional<String> activityContent(long activityId) {
        return caches.content().find(activityId, id -> sql.contentColumns(id).map(columns -> {
            StoredContent stored = StoredContent.fromColumns(columns[0], columns[1]);
            try {
                return new String(offloader.read(CONTENT_TENANT, stored), StandardCharsets.UTF_8);
            } catch (ContentUnavailableException e) {
                contentUnavailable.increment();
                throw new CampusOperationException("activityContent failed: offloaded content of activity " + id
                        + " is unavailable: " + e.getMessage(), e);
            }
        }));
    }

    /** Queues the event for the batch writer; it is on the primary within the flush interval. */
    @Override
    public void recordInteraction(Interaction interaction) {
        interactions.write(interaction);
    }

    /** The batched answer writer, for the report. */
    AnswerWriter answers() {
        return answers;
    }

    /** Content reads that failed because the object store was unavailable. */
    long contentUnavailable() {
        return contentUnavailable.sum();
    }

    private <T> T inUserSession(long userId, java.util.function.Supplier<T> work) {
        try {
            return routing.inSession(tokens.get(userId), () -> {
                T result = work.get();
                routing.currentToken().ifPresent(t -> tokens.merge(userId, t, ConsistencyToken::max));
                return result;
            });
        } catch (SQLException e) {
            throw new CampusOperationException("session failed: " + e.getMessage(), e);
        }
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
