package dev.quadrangle.samples.modules;

import dev.quadrangle.samples.jdbc.SqlRoutes;
import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads a class's {@link ClassActivities} in one read unit: two statements on one connection. */
final class ClassActivitiesLoader {
    private static final String ACTIVITIES = "SELECT a.id, a.title, a.purpose, s.name, a.due_at"
            + " FROM activities a JOIN subjects s ON s.id = a.subject_id"
            + " WHERE a.class_id = ? AND a.term_id = ? AND a.status = 'ACTIVE' AND a.due_at >= now()"
            + " ORDER BY a.due_at, a.id";
    /** Partition-pruned to one leaf: the term's created_at range, then the class. */
    private static final String HANDED_IN = "SELECT student_id, activity_id FROM activity_grades"
            + " WHERE created_at >= ? AND created_at < ? AND class_id = ? AND term_id = ? ORDER BY student_id, activity_id";

    private ClassActivitiesLoader() {
    }

    static ClassActivities load(SqlRoutes routes, long classId, CampusCalendar.Term term) throws SQLException {
        int termId = term.id();
        return routes.read(c -> {
            List<ClassActivities.Activity> activities = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(ACTIVITIES)) {
                ps.setLong(1, classId);
                ps.setInt(2, termId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        activities.add(new ClassActivities.Activity(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant().toEpochMilli()));
                    }
                }
            }
            Map<Long, List<Long>> byStudent = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HANDED_IN)) {
                ps.setObject(1, CampusTerms.start(term));
                ps.setObject(2, CampusTerms.end(term));
                ps.setLong(3, classId);
                ps.setInt(4, termId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byStudent.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    }
                }
            }
            Map<Long, long[]> handedIn = new HashMap<>();
            byStudent.forEach((student, ids) -> handedIn.put(student, ids.stream().mapToLong(Long::longValue).toArray()));
            return new ClassActivities(List.copyOf(activities), handedIn);
        });
    }
}
