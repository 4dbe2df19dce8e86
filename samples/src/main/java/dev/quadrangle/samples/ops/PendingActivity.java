package dev.quadrangle.samples.ops;

import java.time.Instant;

/**
 * An activity a student still has to hand in.
 *
 * @param activityId the activity
 * @param title its title
 * @param purpose {@code LEARNING} or {@code ASSESSMENT}
 * @param subject the subject's name
 * @param dueAt when it is due
 */
public record PendingActivity(long activityId, String title, String purpose, String subject, Instant dueAt) {
}
