package dev.quadrangle.samples.load;

/**
 * Something that happened during a run, e.g. a chaos step.
 *
 * @param name what it was
 * @param second when it started, in seconds from the start of the run
 * @param tookMs how long it took
 * @param ok whether it succeeded
 * @param note what happened, or why it failed
 */
public record RunEvent(String name, double second, long tookMs, boolean ok, String note) {
}
