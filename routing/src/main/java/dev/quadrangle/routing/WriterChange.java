package dev.quadrangle.routing;

import java.time.Duration;

/**
 * A change of the node that writes go to, in a cluster given as discovered nodes. Two events make up a
 * failover: the writer is lost ({@code current} {@code null}), then a new one is found ({@code previous}
 * the last known writer). Immutable.
 *
 * @param previous the writer before the change, or {@code null} when none was known since the start
 * @param current the writer after the change, or {@code null} when no writer is known now
 * @param detectionTime when the writer is lost: from the first sign of failure (a write connection's
 *     connection error or a failed probe of the writer) to the decision that it is no longer the writer;
 *     {@link Duration#ZERO} when the probe that decided was the first sign, and on a writer found
 * @param timeWithoutWriter when a writer is found: how long no writer was known; {@link Duration#ZERO} on
 *     a writer lost and on a direct switch
 */
public record WriterChange(String previous, String current, Duration detectionTime, Duration timeWithoutWriter) {
}
