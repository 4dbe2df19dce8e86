package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresStandby;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The embedded hot standby: an {@link EmbeddedPostgresNode} started on a base backup of the primary. */
final class EmbeddedStandby extends EmbeddedPostgresNode implements PostgresStandby {

    EmbeddedStandby(Path dataDirectory, int port, Map<String, String> serverConfig) {
        super("standby", dataDirectory, port, serverConfig);
    }

    @Override
    public void setReplayDelay(Duration delay) {
        StandbyControl.setReplayDelay(this, delay);
    }

    @Override
    public String replayLsn() {
        return StandbyControl.replayLsn(this);
    }

    @Override
    public void awaitReplay(String lsn, Duration timeout) {
        StandbyControl.awaitReplay(this, lsn, timeout);
    }
}
