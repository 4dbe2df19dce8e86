package dev.quadrangle.samples.modules;

import dev.quadrangle.samples.ops.PendingActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the pending-activities cache keeps per class and term: the class's active activities, soonest
 * due first, and which activities each student has handed in. One entry serves every student of the
 * class, so the cache is shared rather than per student. Immutable once built; Jackson-serialisable.
 *
 * @param activities active activities not yet due when loaded, soonest due first
 * @param handedIn per student id, the sorted ids of the activities that student has a grade for
 */
record ClassActivities(List<Activity> activities, Map<Long, long[]> handedIn) {

    /**
     * One activity.
     *
     * @param id the id
     * @param title the title
     * @param purpose the purpose
     * @param subject the subject's name
     * @param dueAtMillis when it is due, epoch milliseconds
     */
    record Activity(long id, String title, String purpose, String subject, long dueAtMillis) {
    }

    /**
     * A student's pending activities as of a moment: not yet due and not handed in, soonest due first.
     *
     * @param studentId the student
     * @param now the moment
     * @param limit at most this many
     * @return the activities
     */
    List<PendingActivity> pendingFor(long studentId, Instant now, int limit) {
        long[] done = handedIn.getOrDefault(studentId, new long[0]);
        long nowMillis = now.toEpochMilli();
        List<PendingActivity> result = new ArrayList<>(Math.min(limit, activities.size()));
        for (Activity a : activities) {
            if (result.size() == limit) {
                break;
            }
            if (a.dueAtMillis() >= nowMillis && Arrays.binarySearch(done, a.id()) < 0) {
                result.add(new PendingActivity(a.id(), a.title(), a.purpose(), a.subject(),
                        Instant.ofEpochMilli(a.dueAtMillis())));
            }
        }
        return result;
    }
}
