package dev.quadrangle.samples.data;

import dev.quadrangle.samples.schema.CampusCalendar;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The time series: past answers (seed 002) with the performance summaries they add up to, raw user
 * interactions of the last 120 days (retention then drops the months past 90 days), and two years of
 * audit logs (seed 004), a quarter of them in the last 30 days.
 */
final class HistoryGenerator {
    private static final String[] INTERACTIONS = {"VIEW_ACTIVITY", "START_QUIZ", "VIEW_QUESTION", "WATCH_VIDEO",
        "OPEN_LEADERBOARD"};
    private static final String[] DEVICES = {"web", "ios", "android"};
    private static final String[] STUDENT_ACTIONS = {"LOGIN", "VIEW_GRADES", "SUBMIT_ACTIVITY", "UPDATE_PROFILE"};
    private static final String[] TEACHER_ACTIONS = {"LOGIN", "GRADE_ACTIVITY", "EDIT_ACTIVITY", "EXPORT_REPORT"};
    private static final double[] CORRECT_BY_DIFFICULTY = {0.8, 0.6, 0.4};
    private static final long MINUTE = 60;

    private final long seed;
    private final CampusScale scale;
    private final CampusCalendar calendar;
    private final int[] answered;
    private final int[] correct;
    private final int[] points;
    private final long[] lastAnswered;

    HistoryGenerator(long seed, CampusScale scale, CampusCalendar calendar) {
        this.seed = seed;
        this.scale = scale;
        this.calendar = calendar;
        this.answered = new int[scale.students()];
        this.correct = new int[scale.students()];
        this.points = new int[scale.students()];
        this.lastAnswered = new long[scale.students()];
    }

    void write(TableOutput out) throws SQLException {
        writeAnswers(out);
        out.table("performance_summaries", scale.students(), List.of("student_id", "school_id", "total_answered",
                "total_correct", "points", "last_answered_at", "updated_at"), o -> {
                    for (int i = 0; i < scale.students(); i++) {
                        Instant last = lastAnswered[i] == 0 ? null : Instant.ofEpochSecond(lastAnswered[i]);
                        o.line().add(scale.studentUserId(i))
                                .add(CampusScale.schoolOfClass(CampusScale.classOfStudent(i)))
                                .add(answered[i]).add(correct[i]).add(points[i]).add(last)
                                .add(last == null ? calendar.anchor() : last);
                        o.emit();
                    }
                });
        writeInteractions(out);
        writeAuditLogs(out);
    }

    private void writeAnswers(TableOutput out) throws SQLException {
        out.table("answers", (long) scale.students() * CampusScale.ANSWERS_PER_STUDENT, List.of("id", "student_id",
                "question_id", "selected_option", "is_correct", "time_taken_ms", "answered_at"), o -> {
                    long id = 0;
                    for (int i = 0; i < scale.students(); i++) {
                        long student = scale.studentUserId(i);
                        SplittableRandom rnd = Rng.of(seed, Rng.ANSWER, student);
                        for (int a = 0; a < CampusScale.ANSWERS_PER_STUDENT; a++) {
                            long question = 1 + rnd.nextInt(CampusScale.questions());
                            int difficulty = CampusScale.difficultyOf(question);
                            int right = QuestionBankGenerator.correctOption(seed, question);
                            boolean isCorrect = rnd.nextDouble() < CORRECT_BY_DIFFICULTY[difficulty - 1];
                            int selected = isCorrect ? right
                                    : 1 + (right + rnd.nextInt(CampusScale.OPTIONS_PER_QUESTION - 1))
                                            % CampusScale.OPTIONS_PER_QUESTION;
                            Instant at = before(rnd, CampusCalendar.ANSWER_HISTORY.toSeconds());
                            o.line().add(++id).add(student).add(question).add(selected).add(isCorrect)
                                    .add(3_000 + rnd.nextInt(87_000)).add(at);
                            o.emit();
                            answered[i]++;
                            correct[i] += isCorrect ? 1 : 0;
                            points[i] += isCorrect ? difficulty * 10 : 0;
                            lastAnswered[i] = Math.max(lastAnswered[i], at.getEpochSecond());
                        }
                    }
                });
    }

    private void writeInteractions(TableOutput out) throws SQLException {
        out.table("user_interactions", (long) scale.students() * CampusScale.INTERACTIONS_PER_STUDENT,
                List.of("id", "user_id", "interaction_type", "activity_id", "question_id", "created_at", "metadata"),
                o -> {
                    long id = 0;
                    for (int i = 0; i < scale.students(); i++) {
                        long user = scale.studentUserId(i);
                        long classId = CampusScale.classOfStudent(i);
                        SplittableRandom rnd = Rng.of(seed, Rng.INTERACTION, user);
                        for (int k = 0; k < CampusScale.INTERACTIONS_PER_STUDENT; k++) {
                            String type = INTERACTIONS[rnd.nextInt(INTERACTIONS.length)];
                            boolean aboutQuestion = type.endsWith("QUESTION") || type.equals("START_QUIZ");
                            CopyLine line = o.line().add(++id).add(user).add(type);
                            if (aboutQuestion) {
                                line.addNull().add(1 + rnd.nextInt(CampusScale.questions()));
                            } else {
                                line.add(CampusScale.activityId(classId, 1,
                                        rnd.nextInt(CampusScale.ACTIVITIES_PER_CLASS_PER_TERM))).addNull();
                            }
                            line.add(before(rnd, CampusCalendar.INTERACTION_HISTORY.toSeconds() - 3_600))
                                    .add("{\"device\":\"" + DEVICES[rnd.nextInt(DEVICES.length)]
                                            + "\",\"durationMs\":" + rnd.nextInt(600_000) + "}");
                            o.emit();
                        }
                    }
                });
    }

    private void writeAuditLogs(TableOutput out) throws SQLException {
        long users = scale.teachers() + (long) scale.students();
        out.table("audit_logs", users * CampusScale.AUDIT_LOGS_PER_USER, List.of("id", "user_id", "action",
                "entity_type", "entity_id", "logged_at", "details"), o -> {
                    long id = 0;
                    for (long user = 1; user <= users; user++) {
                        boolean teacher = user <= scale.teachers();
                        SplittableRandom rnd = Rng.of(seed, Rng.AUDIT, user);
                        for (int k = 0; k < CampusScale.AUDIT_LOGS_PER_USER; k++) {
                            String action = (teacher ? TEACHER_ACTIONS : STUDENT_ACTIONS)[rnd.nextInt(4)];
                            long window = rnd.nextInt(4) == 0 ? 30L * 86_400 : CampusCalendar.AUDIT_HISTORY.toSeconds();
                            o.line().add(++id).add(user).add(action)
                                    .add(action.equals("LOGIN") ? "session" : teacher ? "activity" : "user")
                                    .add(action.equals("LOGIN") ? user : 1 + rnd.nextInt(scale.activities()))
                                    .add(before(rnd, window))
                                    .add("{\"client\":\"" + DEVICES[rnd.nextInt(DEVICES.length)] + "\"}");
                            o.emit();
                        }
                    }
                });
    }

    /** An instant between one minute and {@code windowSeconds} before the anchor. */
    private Instant before(SplittableRandom rnd, long windowSeconds) {
        return calendar.anchor().minusSeconds(MINUTE + rnd.nextLong(windowSeconds - MINUTE));
    }
}
