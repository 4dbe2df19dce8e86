package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.ReplicationMode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sets a topology primary's {@code synchronous_standby_names} for a {@link ReplicationMode}: all of its
 * standbys for {@code SYNC}, none for {@code ASYNC}. The setting goes through {@code ALTER SYSTEM},
 * never the command line, so that it can change at runtime.
 */
final class SynchronousStandbys {
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

    private SynchronousStandbys() {
    }

    /** The setting's value: {@code FIRST n (a, b)} naming every standby, or empty. */
    static String names(ReplicationMode mode, List<TopologyNode> standbys) {
        if (mode == ReplicationMode.ASYNC || standbys.isEmpty()) {
            return "";
        }
        return "FIRST " + standbys.size() + " ("
                + standbys.stream().map(TopologyNode::name).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Sets the names on the running primary, reloads it and waits until new sessions see them and every
     * standby streaming from it reports the matching {@code sync_state}.
     */
    static void apply(TopologyNode primary, String names) {
        primary.execute("ALTER SYSTEM SET synchronous_standby_names = '" + names + "'", "SELECT pg_reload_conf()");
        Await.until(primary.name() + " uses synchronous_standby_names = '" + names + "'", APPLY_TIMEOUT,
                () -> names.equals(primary.queryString("SHOW synchronous_standby_names")));
        String state = names.isEmpty() ? "async" : "sync";
        Await.until("every standby streaming from " + primary.name() + " reports sync_state " + state, APPLY_TIMEOUT,
                () -> "0".equals(primary.queryString(
                        "SELECT count(*) FROM pg_stat_replication WHERE sync_state <> '" + state + "'")));
    }
}
