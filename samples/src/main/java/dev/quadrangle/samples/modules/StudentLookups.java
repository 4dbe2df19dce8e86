package dev.quadrangle.samples.modules;

import dev.quadrangle.samples.jdbc.SqlRoutes;
import dev.quadrangle.samples.ops.CampusOperationException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The loaders behind the students' directory and answer key regions: reads, routed to a replica. */
final class StudentLookups {
    private static final String STUDENTS = "SELECT s.user_id, s.school_id, s.class_id, u.display_name"
            + " FROM students s JOIN users u ON u.id = s.user_id WHERE s.user_id = ANY (?)";
    private static final String ALL_STUDENTS = "SELECT s.user_id, s.school_id, s.class_id, u.display_name"
            + " FROM students s JOIN users u ON u.id = s.user_id";
    private static final String ANSWER_KEY = "SELECT o.position, q.difficulty FROM question_options o"
            + " JOIN questions q ON q.id = o.question_id WHERE o.question_id = ? AND o.is_correct";

    private static final String ALL_ANSWER_KEYS = "SELECT o.question_id, o.position, q.difficulty FROM question_options o"
            + " JOIN questions q ON q.id = o.question_id WHERE o.is_correct";

    private StudentLookups() {
    }

    /** Every question's answer key, for priming (one statement). */
    static Map<Long, ModuleCaches.AnswerKey> allAnswerKeys(SqlRoutes routes) throws SQLException {
        return routes.read(c -> {
            Map<Long, ModuleCaches.AnswerKey> keys = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(ALL_ANSWER_KEYS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getLong(1), new ModuleCaches.AnswerKey(rs.getInt(2), rs.getInt(3)));
                }
            }
            return keys;
        });
    }

    static Map<Long, ModuleCaches.Student> students(SqlRoutes routes, Collection<Long> ids) {
        try {
            return routes.read(c -> {
                Array array = c.createArrayOf("bigint", ids.toArray(Long[]::new));
                try (PreparedStatement ps = c.prepareStatement(STUDENTS)) {
                    ps.setArray(1, array);
                    return collect(ps);
                }
            });
        } catch (SQLException e) {
            throw new CampusOperationException("reading students failed: " + e.getMessage(), e);
        }
    }

    /** Every student, for priming the directory (one statement). */
    static Map<Long, ModuleCaches.Student> allStudents(SqlRoutes routes) throws SQLException {
        return routes.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(ALL_STUDENTS)) {
                return collect(ps);
            }
        });
    }

    static Optional<ModuleCaches.AnswerKey> answerKey(SqlRoutes routes, long questionId) {
        try {
            return routes.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(ANSWER_KEY)) {
                    ps.setLong(1, questionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(new ModuleCaches.AnswerKey(rs.getInt(1), rs.getInt(2)))
                                : Optional.<ModuleCaches.AnswerKey>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new CampusOperationException("reading the answer key of question " + questionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static Map<Long, ModuleCaches.Student> collect(PreparedStatement ps) throws SQLException {
        Map<Long, ModuleCaches.Student> result = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(rs.getLong(1), new ModuleCaches.Student(rs.getInt(2), rs.getLong(3), rs.getString(4)));
            }
        }
        return result;
    }
}
