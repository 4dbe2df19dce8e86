package dev.quadrangle.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** How a topology node is made a standby of a primary, pointed at another one, and watched streaming. */
final class StreamingStandbys {
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private StreamingStandbys() {
    }

    /** Replaces a stopped node's data directory with a base backup of the primary, set up to stream from it. */
    static void build(TopologyNode node, TopologyNode from) {
        Path data = node.dataDirectory();
        try {
            discard(data);
            BaseBackup.take(from.dataSource("postgres"), from.dataDirectory(), data);
            Files.writeString(data.resolve("standby.signal"), "");
            AutoConf.set(data, "primary_conninfo", conninfo(from, node));
            // the default since PostgreSQL 12, written out because following a promoted primary depends on it
            AutoConf.set(data, "recovery_target_timeline", "latest");
            // a primary's leftovers that must not follow the copy
            AutoConf.remove(data, "recovery_min_apply_delay");
            AutoConf.remove(data, "synchronous_standby_names");
        } catch (IOException e) {
            throw new UncheckedIOException("could not build " + node.name() + " from a base backup of " + from.name()
                    + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not take a base backup of " + from.name() + " for " + node.name()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Moves an old data directory aside; the topology deletes it when it closes (deleting it now costs a second). */
    private static void discard(Path data) throws IOException {
        if (Files.exists(data)) {
            Path parent = data.getParent();
            Files.move(data, parent.resolve("discarded-" + data.getFileName() + "-" + System.nanoTime()));
        }
    }

    private static String conninfo(TopologyNode primary, TopologyNode standby) {
        return "host=" + primary.host() + " port=" + primary.port() + " user=" + primary.user()
                + " application_name=" + standby.name();
    }

    /** Waits until the primary's {@code pg_stat_replication} shows the standby streaming. */
    static void awaitStreaming(TopologyNode standby, TopologyNode from) {
        Await.until(standby.name() + " streams from " + from.name(), STREAM_TIMEOUT, () -> "1".equals(from.queryString(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND application_name = '"
                        + standby.name() + "'")));
    }

    /**
     * Points a standby at another primary: {@code ALTER SYSTEM} and a reload (and a restart when
     * {@code primary_conninfo} needs one) if it runs, its {@code postgresql.auto.conf} if it is stopped.
     */
    static void repoint(TopologyNode standby, TopologyNode target, boolean restart) {
        String conninfo = conninfo(target, standby);
        if (!standby.isRunning()) {
            try {
                AutoConf.set(standby.dataDirectory(), "primary_conninfo", conninfo);
            } catch (IOException e) {
                throw new UncheckedIOException("could not re-point the stopped " + standby.name() + ": " + e.getMessage(), e);
            }
            return;
        }
        standby.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo + "'", "SELECT pg_reload_conf()");
        if (restart) {
            standby.stop();
            standby.start();
        }
    }

    /** {@link #awaitStreaming} after a re-point, with a hint at the usual reason when it never streams. */
    static void awaitFollowing(TopologyNode standby, TopologyNode target) {
        try {
            awaitStreaming(standby, target);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ". " + standby.name() + " may have replayed past the point"
                    + " where " + target.name() + "'s timeline forked: rebuild it with rejoinAsStandby(" + standby.name()
                    + ", " + target.name() + ")", e);
        }
    }
}
