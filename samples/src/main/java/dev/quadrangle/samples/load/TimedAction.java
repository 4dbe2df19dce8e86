package dev.quadrangle.samples.load;

import java.time.Duration;
import java.util.Objects;

/**
 * Something done to the services at a set time into a load run (a chaos step), recorded as a
 * {@link RunEvent}.
 *
 * @param at when, from the start of the run
 * @param name what it is, e.g. {@code "stop standby"}
 * @param action what to do; it may throw, the failure is recorded
 */
public record TimedAction(Duration at, String name, Action action) {
    /** The action itself. */
    @FunctionalInterface
    public interface Action {
        /**
         * Does it.
         *
         * @return a note on what happened, for the report
         * @throws Exception when it fails
         */
        String run() throws Exception;
    }

    /** Validates the action. */
    public TimedAction {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        if (at.isNegative()) {
            throw new IllegalArgumentException("at must be >= 0, was " + at);
        }
    }
}
