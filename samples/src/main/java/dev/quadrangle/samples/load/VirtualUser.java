package dev.quadrangle.samples.load;

import dev.quadrangle.samples.data.CampusScale;
import dev.quadrangle.samples.ops.AnswerSubmission;
import dev.quadrangle.samples.ops.CampusOperations;
import dev.quadrangle.samples.ops.Difficulty;
import dev.quadrangle.samples.ops.GradeBookCursor;
import dev.quadrangle.samples.ops.GradeBookPage;
import dev.quadrangle.samples.ops.Interaction;
import dev.quadrangle.samples.ops.Question;
import dev.quadrangle.samples.schema.CampusCalendar;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated session: a student (answering questions, checking what is due, reading content) or,
 * for every {@value OperationMix#TEACHER_EVERY}th user, a teacher (paging through grade books).
 *
 * <p>Not thread-safe: the driver runs one operation of a user at a time, so its state is handed from
 * worker to worker with the scheduling.
 */
final class VirtualUser {
    private static final int SPREAD = 7_919;
    private static final int QUESTION_SET_SIZE = 20;
    private static final int GRADE_BOOK_PAGE = 50;

    private final CampusScale scale;
    private final SplittableRandom rnd;
    private final boolean teacher;
    private final long userId;
    private final long classId;
    private final int schoolId;
    private List<Question> questions = List.of();
    private int nextQuestion;
    private GradeBookCursor gradeBookCursor = GradeBookCursor.START;
    long dueNanos;

    VirtualUser(int index, CampusScale scale, long seed) {
        this.scale = scale;
        this.rnd = new SplittableRandom(seed * 31 + index);
        this.teacher = index % OperationMix.TEACHER_EVERY == OperationMix.TEACHER_EVERY - 1;
        if (teacher) {
            this.classId = (index / OperationMix.TEACHER_EVERY) % scale.classes() + 1L;
            this.userId = CampusScale.teacherOfClass(classId);
        } else {
            int student = (int) (((long) index * SPREAD) % scale.students());
            this.classId = CampusScale.classOfStudent(student);
            this.userId = scale.studentUserId(student);
        }
        this.schoolId = CampusScale.schoolOfClass(classId);
    }

    boolean isTeacher() {
        return teacher;
    }

    long userId() {
        return userId;
    }

    OperationKind nextOperation() {
        return OperationMix.next(rnd, teacher);
    }

    /** A think time drawn uniformly from half to one and a half times the mean. */
    long thinkNanos(long meanNanos) {
        return meanNanos == 0 ? 0 : meanNanos / 2 + rnd.nextLong(meanNanos + 1);
    }

    /**
     * Performs one operation.
     *
     * @return whether it was an answer the database acknowledged
     */
    boolean perform(OperationKind kind, CampusOperations ops) {
        switch (kind) {
            case PENDING_ACTIVITIES:
                ops.pendingActivities(userId, classId, CampusCalendar.CURRENT_TERM, 20);
                return false;
            case GRADE_BOOK:
                GradeBookPage page = ops.gradeBook(classId, CampusCalendar.CURRENT_TERM, gradeBookCursor, GRADE_BOOK_PAGE);
                gradeBookCursor = page.next() == null ? GradeBookCursor.START : page.next();
                return false;
            case QUESTION_SET:
                int system = 1 + rnd.nextInt(CampusScale.SYSTEMS);
                questions = ops.questionSet(system, CampusScale.topicId(system, rnd.nextInt(CampusScale.TOPICS_PER_SYSTEM)),
                        Difficulty.ofLevel(1 + rnd.nextInt(CampusScale.DIFFICULTIES)), QUESTION_SET_SIZE, rnd.nextLong());
                nextQuestion = 0;
                return false;
            case SUBMIT_ANSWER:
                ops.submitAnswer(new AnswerSubmission(userId, nextQuestionId(),
                        1 + rnd.nextInt(CampusScale.OPTIONS_PER_QUESTION), 2_000 + rnd.nextInt(60_000)));
                return true;
            case LEADERBOARD:
                ops.leaderboard(schoolId, 10);
                return false;
            case AUDIT_LOG:
                ops.recentAuditLog(userId, Instant.now(), 100);
                return false;
            case ACTIVITY_CONTENT:
                ops.activityContent(CampusScale.activityId(classId, 1, rnd.nextInt(CampusScale.ACTIVITIES_PER_CLASS_PER_TERM)));
                return false;
            case RECORD_INTERACTION:
                ops.recordInteraction(new Interaction(userId, "VIEW_QUESTION", null, nextQuestionIdPeek(),
                        "{\"device\":\"web\",\"durationMs\":" + rnd.nextInt(120_000) + "}"));
                return false;
            default:
                throw new IllegalStateException("unknown operation " + kind);
        }
    }

    private long nextQuestionId() {
        if (nextQuestion < questions.size()) {
            return questions.get(nextQuestion++).id();
        }
        return 1 + rnd.nextInt(CampusScale.questions());
    }

    private long nextQuestionIdPeek() {
        return nextQuestion < questions.size() ? questions.get(nextQuestion).id() : 1 + rnd.nextInt(CampusScale.questions());
    }
}
