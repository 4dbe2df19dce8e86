package dev.quadrangle.samples.jdbc;

import dev.quadrangle.samples.ops.AnswerReceipt;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.AuditEntry;
import dev.quadrangle.samples.ops.CampusOperationException;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.samples.ops.Difficulty;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.GradeRow;
import dev.quadrangle.samples.ops.Interaction;
import dev.quadrangle.samples.ops.LeaderboardEntry;
import dev.quadrangle.samples.ops.PendingActivity;
import dev.quadrangle.samples.ops.Question;
import dev.quadrangle.samples.ops.QuestionOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The campus operations over plain JDBC: every read on the standby (falling back to the primary),
 * every write on the primary, one round trip per statement, no cache. The baseline that the
 * module-backed operations are compared against.
 *
 * <p>Thread-safe.
 */
public final class JdbcCampusOperations implements CampusOperations {
    private static final Duration AUDIT_WINDOW = Duration.ofDays(30);

    private final SqlRoutes routes;

    /**
     * Operations over routes.
     *
     * @param routes where reads and writes run
     */
    public JdbcCampusOperations(SqlRoutes routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    @Override
    public List<PendingActivity> pendingActivities(long studentId, long classId, int termId, int limit) {
        checkRange("limit", limit, 1, 100);
        return read("pendingActivities", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.PENDING_ACTIVITIES)) {
                ps.setLong(1, classId);
                ps.setInt(2, termId);
                ps.setInt(3, termId);
                ps.setLong(4, classId);
                ps.setLong(5, studentId);
                ps.setInt(6, limit);
                List<PendingActivity> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new PendingActivity(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant()));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public GradeBookPage gradeBook(long classId, int termId, GradeBookCursor after, int pageSize) {
        Objects.requireNonNull(after, "after");
        checkRange("pageSize", pageSize, 1, 500);
        return read("gradeBook", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.GRADE_BOOK)) {
                ps.setInt(1, termId);
                ps.setInt(2, termId);
                ps.setInt(3, termId);
                ps.setLong(4, classId);
                ps.setLong(5, after.studentId());
                ps.setLong(6, after.activityId());
                ps.setInt(7, pageSize + 1);
                List<GradeRow> rows = new ArrayList<>(pageSize + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Double score = nullableDouble(rs, 5);
                        rows.add(new GradeRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), score));
                    }
                }
                if (rows.size() <= pageSize) {
                    return new GradeBookPage(rows, null);
                }
                List<GradeRow> page = rows.subList(0, pageSize);
                GradeRow last = page.get(pageSize - 1);
                return new GradeBookPage(page, new GradeBookCursor(last.studentId(), last.activityId()));
            }
        });
    }

    @Override
    public List<Question> questionSet(int systemId, int topicId, Difficulty difficulty, int count, long randomStart) {
        Objects.requireNonNull(difficulty, "difficulty");
        checkRange("count", count, 1, 50);
        return read("questionSet", c -> {
            long[] pool = pool(c, systemId, topicId, difficulty);
            if (pool.length == 0) {
                return List.of();
            }
            int n = Math.min(count, pool.length);
            int start = (int) Math.floorMod(randomStart, (long) pool.length);
            Long[] ids = new Long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = pool[(start + i) % pool.length];
            }
            return questions(c, ids);
        });
    }

    /**
     * A whole pre-shuffled question pool with its options, in pool order: what a cache keeps so that
     * {@link #questionSet} needs no database at all.
     *
     * @param systemId the system
     * @param topicId the topic
     * @param difficulty the difficulty
     * @return the pool's questions, empty when there is no such pool
     */
    public List<Question> questionPool(int systemId, int topicId, Difficulty difficulty) {
        Objects.requireNonNull(difficulty, "difficulty");
        return read("questionPool", c -> {
            long[] pool = pool(c, systemId, topicId, difficulty);
            Long[] ids = new Long[pool.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = pool[i];
            }
            return ids.length == 0 ? List.<Question>of() : questions(c, ids);
        });
    }

    /**
     * An activity's content columns: the inline JSON and the offloaded content's reference, either may
     * be {@code null}.
     *
     * @param activityId the activity
     * @return {@code [content, content_ref]}, or empty when there is no such activity
     */
    public Optional<String[]> contentColumns(long activityId) {
        return read("activityContent", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.CONTENT_COLUMNS)) {
                ps.setLong(1, activityId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
                }
            }
        });
    }

    private static long[] pool(Connection c, int systemId, int topicId, Difficulty difficulty) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CampusSql.QUESTION_POOL)) {
            ps.setInt(1, systemId);
            ps.setInt(2, topicId);
            ps.setInt(3, difficulty.level());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new long[0];
                }
                Array array = rs.getArray(1);
                Long[] boxed = (Long[]) array.getArray();
                array.free();
                long[] ids = new long[boxed.length];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = boxed[i];
                }
                return ids;
            }
        }
    }

    private static List<Question> questions(Connection c, Long[] ids) throws SQLException {
        Map<Long, List<QuestionOption>> options = new LinkedHashMap<>();
        Map<Long, Question> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CampusSql.QUESTIONS_WITH_OPTIONS)) {
            Array array = c.createArrayOf("bigint", ids);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    List<QuestionOption> list = options.computeIfAbsent(id, k -> new ArrayList<>());
                    list.add(new QuestionOption(rs.getInt(6), rs.getString(7)));
                    byId.putIfAbsent(id, new Question(id, rs.getInt(2), rs.getInt(3),
                            Difficulty.ofLevel(rs.getInt(4)), rs.getString(5), List.of()));
                }
            }
            array.free();
        }
        List<Question> result = new ArrayList<>(ids.length);
        for (Long id : ids) {
            Question q = byId.get(id);
            if (q != null) {
                result.add(new Question(q.id(), q.systemId(), q.topicId(), q.difficulty(), q.stem(), options.get(id)));
            }
        }
        return result;
    }

    @Override
    public AnswerReceipt submitAnswer(AnswerSubmission answer) {
        Objects.requireNonNull(answer, "answer");
        Optional<AnswerReceipt> receipt = write("submitAnswer", c -> {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(CampusSql.SUBMIT_ANSWER)) {
                ps.setLong(1, answer.questionId());
                ps.setInt(2, answer.selectedOption());
                ps.setLong(3, answer.studentId());
                ps.setLong(4, answer.questionId());
                ps.setInt(5, answer.selectedOption());
                ps.setInt(6, answer.timeTakenMillis());
                ps.setLong(7, answer.studentId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return Optional.empty();
                    }
                    AnswerReceipt r = new AnswerReceipt(rs.getLong(1), rs.getBoolean(2), rs.getInt(3));
                    c.commit();
                    return Optional.of(r);
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
        return receipt.orElseThrow(() -> new IllegalArgumentException("no option " + answer.selectedOption()
                + " of question " + answer.questionId() + ", or no performance summary for student "
                + answer.studentId() + "; nothing was stored"));
    }

    @Override
    public List<LeaderboardEntry> leaderboard(int schoolId, int limit) {
        checkRange("limit", limit, 1, 100);
        return read("leaderboard", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.LEADERBOARD)) {
                ps.setInt(1, schoolId);
                ps.setInt(2, limit);
                List<LeaderboardEntry> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new LeaderboardEntry(result.size() + 1, rs.getLong(1), rs.getString(2),
                                rs.getInt(3), rs.getInt(4)));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public List<AuditEntry> recentAuditLog(long userId, Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        checkRange("limit", limit, 1, 100);
        return read("recentAuditLog", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.RECENT_AUDIT_LOG)) {
                ps.setLong(1, userId);
                ps.setTimestamp(2, Timestamp.from(now.minus(AUDIT_WINDOW)));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setInt(4, limit);
                List<AuditEntry> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long entity = nullableLong(rs, 4);
                        result.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), entity,
                                rs.getTimestamp(5).toInstant()));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public Optional<String> activityContent(long activityId) {
        return read("activityContent", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.ACTIVITY_CONTENT)) {
                ps.setLong(1, activityId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void recordInteraction(Interaction interaction) {
        Objects.requireNonNull(interaction, "interaction");
        write("recordInteraction", c -> {
            try (PreparedStatement ps = c.prepareStatement(CampusSql.RECORD_INTERACTION)) {
                ps.setLong(1, interaction.userId());
                ps.setString(2, interaction.type());
                setNullableLong(ps, 3, interaction.activityId());
                setNullableLong(ps, 4, interaction.questionId());
                ps.setString(5, interaction.metadataJson());
                return ps.executeUpdate();
            }
        });
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private <T> T read(String operation, SqlRoutes.SqlWork<T> work) {
        try {
            return routes.read(work);
        } catch (SQLException e) {
            throw new CampusOperationException(operation + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T write(String operation, SqlRoutes.SqlWork<T> work) {
        try {
            return routes.write(work);
        } catch (SQLException e) {
            throw new CampusOperationException(operation + " failed: " + e.getMessage(), e);
        }
    }

    static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
