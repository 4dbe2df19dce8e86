package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The standby controls that work the same on every kind of standby: plain SQL on the standby. */
final class StandbyControl {
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private StandbyControl() {
    }

    static void setReplayDelay(PostgresServer standby, Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("replay delay must be zero or positive, was " + delay);
        }
        try (Connection c = standby.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the standby's replay delay: " + e.getMessage(), e);
        }
        // pg_reload_conf() only signals; wait until the startup process sees the new value.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String expected = delay.toMillis() + "ms";
        while (!currentDelay(standby).equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static String currentDelay(PostgresServer standby) {
        return ((AbstractPostgresServer) standby).queryString(
                "SELECT setting || unit FROM pg_settings WHERE name = 'recovery_min_apply_delay'");
    }

    static String replayLsn(PostgresServer standby) {
        return ((AbstractPostgresServer) standby).queryString("SELECT pg_last_wal_replay_lsn()::text");
    }

    static void awaitReplay(PostgresServer standby, String lsn, Duration timeout) {
        long target = Lsn.parse(lsn);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "unknown";
        while (true) {
            try {
                last = replayLsn(standby);
                if (last != null && Lsn.parse(last) >= target) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = "unreachable (" + e.getMessage() + ")";
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("standby did not replay up to " + lsn + " within " + timeout
                        + "; last replay position " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
