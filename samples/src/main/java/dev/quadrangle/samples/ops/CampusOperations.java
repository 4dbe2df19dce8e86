package dev.quadrangle.samples.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The seeds' hot paths as operations: what a student's and a teacher's sessions do. The load driver
 * and the tests speak only this interface, so an implementation over plain JDBC and one composed from
 * the Quadrangle modules (routing, cache, partitions, content offload) are interchangeable.
 *
 * <p>Implementations are thread-safe. Reads may be served by a replica, so they can lag the primary
 * by the replication delay unless the implementation gives read-your-writes. Every method throws
 * {@link CampusOperationException} when the database or another service fails, and
 * {@link IllegalArgumentException} for arguments out of range.
 */
public interface CampusOperations {

    /**
     * A student's pending activities (seed 000): active, not yet due, not yet handed in; soonest due first.
     *
     * @param studentId the student's user id
     * @param classId the student's class
     * @param termId the current term
     * @param limit at most this many, 1 to 100
     * @return the activities, soonest due first
     */
    List<PendingActivity> pendingActivities(long studentId, long classId, int termId, int limit);

    /**
     * One page of a teacher's grade book for a class and term, in (student, activity) order, after a
     * keyset cursor (seed 004: cursor-based pagination, never OFFSET).
     *
     * @param classId the class
     * @param termId the term
     * @param after the last row of the previous page, or {@link GradeBookCursor#START}
     * @param pageSize rows per page, 1 to 500
     * @return the page, with the cursor for the next one
     */
    GradeBookPage gradeBook(long classId, int termId, GradeBookCursor after, int pageSize);

    /**
     * A random set of questions with their options (seed 002) taken from the pre-shuffled pool of a
     * system, topic and difficulty, starting at a random offset: no {@code ORDER BY RANDOM()}.
     *
     * @param systemId the system
     * @param topicId the topic (of that system)
     * @param difficulty the difficulty
     * @param count how many questions, 1 to 50
     * @param randomStart where in the pool to start (taken modulo the pool size)
     * @return distinct questions, in pool order
     */
    List<Question> questionSet(int systemId, int topicId, Difficulty difficulty, int count, long randomStart);

    /**
     * Stores an answer and updates the student's performance summary incrementally (seed 002); returns
     * only once both are durable.
     *
     * @param answer the answer
     * @return what was stored
     */
    AnswerReceipt submitAnswer(AnswerSubmission answer);

    /**
     * The top students of a school by points.
     *
     * @param schoolId the school
     * @param limit how many, 1 to 100
     * @return best first, ties by student id
     */
    List<LeaderboardEntry> leaderboard(int schoolId, int limit);

    /**
     * A user's audit log entries of the last 30 days (seed 004), newest first.
     *
     * @param userId the user
     * @param now the end of the window; the start is 30 days earlier
     * @param limit at most this many, 1 to 100
     * @return the entries, newest first
     */
    List<AuditEntry> recentAuditLog(long userId, Instant now, int limit);

    /**
     * An activity's full JSON content (seed 000's large field, or its offloaded copy).
     *
     * @param activityId the activity
     * @return the content, or empty when there is no such activity
     */
    Optional<String> activityContent(long activityId);

    /**
     * Records a raw user interaction (seeds 002/003: analytics events).
     *
     * @param interaction the event
     */
    void recordInteraction(Interaction interaction);
}
