package dev.quadrangle.routing.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Which server writes go to, as of one discovery round: the router reads it through one volatile field,
 * so the call path takes no lock. Every round publishes a new instance and completes the previous one's
 * {@link #next()} with it, which lets a write wait for a writer without polling. Immutable (but for
 * {@code next}, completed once).
 *
 * @param writer the server writes go to, or {@code null} when no single writer is known
 * @param primaries the names of the nodes that answered as primaries (more than one: split brain)
 * @param problem why there is no writer (or, in a split brain resolved by timeline, what was seen), or
 *     {@code null}
 * @param next completed with the next round's roles
 */
record Roles(Target writer, List<String> primaries, String problem, CompletableFuture<Roles> next) {

    /** Copies the names. */
    Roles {
        primaries = List.copyOf(primaries);
    }

    /** The roles of a fixed primary: it is the writer for good. */
    static Roles fixed(Target primary) {
        return new Roles(primary, List.of(primary.name()), null, new CompletableFuture<>());
    }

    /** Whether more than one node answered as a primary. */
    boolean splitBrain() {
        return primaries.size() > 1;
    }
}
