package dev.quadrangle.samples.ops;

/**
 * One line of a school's leaderboard.
 *
 * @param rank 1 for the best
 * @param studentId the student
 * @param name the student's display name
 * @param points the student's points
 * @param totalCorrect the student's correct answers
 */
public record LeaderboardEntry(int rank, long studentId, String name, int points, int totalCorrect) {
}
