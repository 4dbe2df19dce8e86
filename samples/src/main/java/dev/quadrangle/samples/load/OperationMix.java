package dev.quadrangle.samples.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How often each operation comes up, after seed 002's daily volumes (question fetches lead, then
 * answers and analytics events, then progress views, content, leaderboards and audit logs) for
 * students, and a grade-book-heavy mix for teachers.
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationMix {
    /** Every this-many virtual users, one is a teacher. */
    public static final int TEACHER_EVERY = 20;

    private static final Map<OperationKind, Integer> STUDENT = weights(
            OperationKind.QUESTION_SET, 28, OperationKind.SUBMIT_ANSWER, 18, OperationKind.RECORD_INTERACTION, 16,
            OperationKind.PENDING_ACTIVITIES, 16, OperationKind.ACTIVITY_CONTENT, 12, OperationKind.LEADERBOARD, 6,
            OperationKind.AUDIT_LOG, 4);
    private static final Map<OperationKind, Integer> TEACHER = weights(
            OperationKind.GRADE_BOOK, 60, OperationKind.ACTIVITY_CONTENT, 20, OperationKind.AUDIT_LOG, 10,
            OperationKind.LEADERBOARD, 10);

    private OperationMix() {
    }

    /**
     * Draws the next operation.
     *
     * @param rnd the user's random stream
     * @param teacher whether the user is a teacher
     * @return the operation
     */
    public static OperationKind next(SplittableRandom rnd, boolean teacher) {
        Map<OperationKind, Integer> mix = teacher ? TEACHER : STUDENT;
        int draw = rnd.nextInt(100);
        for (Map.Entry<OperationKind, Integer> e : mix.entrySet()) {
            draw -= e.getValue();
            if (draw < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("weights do not add up to 100: " + mix);
    }

    /**
     * The weight (percent) of an operation in a mix.
     *
     * @param kind the operation
     * @param teacher which mix
     * @return 0 to 100
     */
    public static int weight(OperationKind kind, boolean teacher) {
        return (teacher ? TEACHER : STUDENT).getOrDefault(kind, 0);
    }

    private static Map<OperationKind, Integer> weights(Object... pairs) {
        Map<OperationKind, Integer> map = new EnumMap<>(OperationKind.class);
        int sum = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((OperationKind) pairs[i], (Integer) pairs[i + 1]);
            sum += (Integer) pairs[i + 1];
        }
        if (sum != 100) {
            throw new IllegalStateException("weights must add up to 100, was " + sum);
        }
        return map;
    }
}
