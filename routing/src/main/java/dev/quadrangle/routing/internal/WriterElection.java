package dev.quadrangle.routing.internal;

import dev.quadrangle.routing.SplitBrainPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from one discovery round, which node writes go to: the one node that is not in recovery;
 * none when no node is; with more than one (split brain), none or the one on the highest timeline,
 * as the {@link SplitBrainPolicy} says. Stateless.
 */
final class WriterElection {
    private WriterElection() {
    }

    /**
     * What one node answered.
     *
     * @param name the node's name
     * @param reachable whether the probe connected and ran its query
     * @param inRecovery {@code pg_is_in_recovery()}
     * @param timeline the timeline of its current WAL position when not in recovery, else {@code -1}
     * @param error why the probe failed, or {@code null}
     */
    record Candidate(String name, boolean reachable, boolean inRecovery, long timeline, String error) {
    }

    /**
     * The decision.
     *
     * @param writer the node writes go to, or {@code null}
     * @param primaries the nodes that answered as primaries, in the order given
     * @param problem why there is no writer, or what a split brain resolved by timeline looked like, or
     *     {@code null}
     */
    record Outcome(String writer, List<String> primaries, String problem) {
    }

    /**
     * Elects the writer.
     *
     * @param nodes what each node answered, in configuration order
     * @param policy what to do when more than one node answers as a primary
     * @return the decision
     */
    static Outcome elect(List<Candidate> nodes, SplitBrainPolicy policy) {
        List<Candidate> primaries = new ArrayList<>();
        for (Candidate node : nodes) {
            if (node.reachable() && !node.inRecovery()) {
                primaries.add(node);
            }
        }
        List<String> names = primaries.stream().map(Candidate::name).toList();
        if (primaries.size() == 1) {
            return new Outcome(primaries.get(0).name(), names, null);
        }
        if (primaries.isEmpty()) {
            return new Outcome(null, names, "no node answers as a primary: " + describe(nodes));
        }
        String both = "split brain: nodes " + String.join(", ", names)
                + " answer as primaries (pg_is_in_recovery() is false)";
        if (policy == SplitBrainPolicy.REFUSE_WRITES) {
            return new Outcome(null, names, both + "; writes to all of them are refused (splitBrainPolicy REFUSE_WRITES)");
        }
        Candidate highest = null;
        boolean shared = false;
        for (Candidate primary : primaries) {
            if (highest == null || primary.timeline() > highest.timeline()) {
                highest = primary;
                shared = false;
            } else if (primary.timeline() == highest.timeline()) {
                shared = true;
            }
        }
        if (shared || highest.timeline() < 0) {
            return new Outcome(null, names, both + " and no single one is on the highest timeline ("
                    + highest.timeline() + "); writes to all of them are refused (splitBrainPolicy PREFER_HIGHEST_TIMELINE)");
        }
        return new Outcome(highest.name(), names, both + "; writes go to " + highest.name()
                + ", on the highest timeline " + highest.timeline() + " (splitBrainPolicy PREFER_HIGHEST_TIMELINE)");
    }

    private static String describe(List<Candidate> nodes) {
        StringBuilder text = new StringBuilder();
        for (Candidate node : nodes) {
            text.append(text.length() == 0 ? "" : "; ").append(node.name())
                    .append(node.reachable() ? " is in recovery" : " is unreachable (" + node.error() + ")");
        }
        return nodes.isEmpty() ? "no node is configured" : text.toString();
    }
}
