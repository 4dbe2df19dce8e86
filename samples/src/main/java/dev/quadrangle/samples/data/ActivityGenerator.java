package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Activities with their large JSON content (seed 000) and the activity grades (seeds 000/001): every
 * class gets {@value CampusScale#ACTIVITIES_PER_CLASS_PER_TERM} activities in the previous and the
 * current term; most past-due activities are submitted and graded, a few future ones submitted early,
 * the rest are a student's pending activities.
 */
final class ActivityGenerator {
    /** Expected grade rows per class, for progress estimates (see {@link #submitProbability}). */
    static final long EXPECTED_GRADES_PER_CLASS = 1_660;
    private static final int MIN_CONTENT_CHARS = 2_048;
    private static final double CONTENT_SPREAD = 12.0;

    private final long seed;
    private final CampusScale scale;
    private final CampusCalendar calendar;

    ActivityGenerator(long seed, CampusScale scale, CampusCalendar calendar) {
        this.seed = seed;
        this.scale = scale;
        this.calendar = calendar;
    }

    void write(TableOutput out) throws SQLException {
        out.table("activities", scale.activities(), List.of("id", "class_id", "term_id", "subject_id", "title",
                "purpose", "status", "is_gradable", "max_score", "passing_score", "due_at", "created_at",
                "content"), o -> {
                    for (long classId = 1; classId <= scale.classes(); classId++) {
                        for (int ti = 0; ti < CampusScale.TERMS_WITH_ACTIVITIES; ti++) {
                            for (int k = 0; k < CampusScale.ACTIVITIES_PER_CLASS_PER_TERM; k++) {
                                activity(o, classId, ti, k);
                            }
                        }
                    }
                });
        out.table("activity_grades", EXPECTED_GRADES_PER_CLASS * scale.classes(), List.of("term_id", "class_id",
                "student_id", "activity_id", "score", "points", "status", "feedback", "submitted_at", "graded_at",
                "graded_by_id", "created_at", "updated_at"), o -> {
                    for (int i = 0; i < scale.students(); i++) {
                        for (int ti = 0; ti < CampusScale.TERMS_WITH_ACTIVITIES; ti++) {
                            for (int k = 0; k < CampusScale.ACTIVITIES_PER_CLASS_PER_TERM; k++) {
                                grade(o, i, ti, k);
                            }
                        }
                    }
                });
    }

    private void activity(TableOutput o, long classId, int ti, int k) throws SQLException {
        long id = CampusScale.activityId(classId, ti, k);
        SplittableRandom rnd = Rng.of(seed, Rng.ACTIVITY, id);
        CampusCalendar.Term term = term(ti);
        int subject = PeopleGenerator.subjectOfClass(classId);
        boolean assessment = k % 3 == 2;
        boolean gradable = assessment || k % 2 == 0;
        String title = TextFactory.SUBJECTS[subject - 1] + " " + (assessment ? "assessment " : "lesson ") + (k + 1)
                + ": " + TextFactory.sentence(rnd, 3);
        int contentChars = (int) (MIN_CONTENT_CHARS * Math.pow(CONTENT_SPREAD, rnd.nextDouble()));
        CopyLine line = o.line().add(id).add(classId).add(term.id()).add(subject).add(title)
                .add(assessment ? "ASSESSMENT" : "LEARNING").add(ti == 0 ? "ARCHIVED" : "ACTIVE").add(gradable);
        if (gradable) {
            line.add(100.0).add(50.0);
        } else {
            line.addNull().addNull();
        }
        line.add(dueAt(term, k)).add(createdAt(term, k))
                .add(TextFactory.activityContent(Rng.of(seed, Rng.CONTENT, id), id, title, contentChars));
        o.emit();
    }

    private void grade(TableOutput o, int studentIndex, int ti, int k) throws SQLException {
        long classId = CampusScale.classOfStudent(studentIndex);
        long activityId = CampusScale.activityId(classId, ti, k);
        long studentId = scale.studentUserId(studentIndex);
        CampusCalendar.Term term = term(ti);
        Instant due = dueAt(term, k);
        boolean pastDue = due.isBefore(calendar.anchor());
        SplittableRandom rnd = Rng.of(seed, Rng.GRADE, activityId * 1_000_003L + studentId);
        if (rnd.nextDouble() >= submitProbability(ti, pastDue)) {
            return;
        }
        Instant submitted = pastDue ? due.minus(Duration.ofMinutes(rnd.nextInt(5 * 24 * 60)))
                : calendar.anchor().minus(Duration.ofMinutes(1 + rnd.nextInt(72 * 60)));
        // grades are partitioned by the term their created_at falls in: work due after the term's last day
        // is counted as handed in on that day, so that a grade stays in its activity's term
        submitted = min(submitted, term.end().minusSeconds(60));
        boolean graded = pastDue && rnd.nextDouble() < 0.9;
        CopyLine line = o.line().add(term.id()).add(classId).add(studentId).add(activityId);
        if (graded) {
            double score = Math.round((40 + rnd.nextDouble() * 60) * 10) / 10.0;
            Instant gradedAt = min(submitted.plus(Duration.ofMinutes(60 + rnd.nextInt(3 * 24 * 60))),
                    calendar.anchor().minusSeconds(60));
            line.add(score).add(Math.round(score)).add("GRADED")
                    .add(rnd.nextInt(4) == 0 ? TextFactory.sentence(rnd, 8) : null)
                    .add(submitted).add(gradedAt).add(CampusScale.teacherOfClass(classId)).add(submitted).add(gradedAt);
        } else {
            line.addNull().addNull().add("SUBMITTED").addNull().add(submitted).addNull().addNull()
                    .add(submitted).add(submitted);
        }
        o.emit();
    }

    /** Previous term: almost everything was handed in; current term: most past-due work, a few early birds. */
    static double submitProbability(int termIndex, boolean pastDue) {
        if (termIndex == 0) {
            return 0.95;
        }
        return pastDue ? 0.9 : 0.1;
    }

    private CampusCalendar.Term term(int termIndex) {
        return calendar.term(termIndex == 0 ? CampusCalendar.PREVIOUS_TERM : CampusCalendar.CURRENT_TERM);
    }

    /** Activities are created every five days from the term's start. */
    static Instant createdAt(CampusCalendar.Term term, int k) {
        return term.start().plus(Duration.ofDays(5L * k)).plus(Duration.ofHours(8));
    }

    /** Due dates spread over the whole term, one every ten days. */
    static Instant dueAt(CampusCalendar.Term term, int k) {
        return term.start().plus(Duration.ofDays(10L * (k + 1))).plus(Duration.ofHours(17));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
