package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresServer;
import dev.quadrangle.testkit.PostgresStandby;
import dev.quadrangle.testkit.ServiceMode;

/** A cluster whose primary and standby are fixed at construction; every mode builds one of these. */
class FixedPostgresCluster extends AbstractPostgresCluster {
    private final ServiceMode mode;
    private final PostgresServer primary;
    private final PostgresStandby standby;

    FixedPostgresCluster(ServiceMode mode, PostgresServer primary, PostgresStandby standby) {
        this.mode = mode;
        this.primary = primary;
        this.standby = standby;
    }

    @Override
    public ServiceMode mode() {
        return mode;
    }

    @Override
    public PostgresServer primary() {
        return primary;
    }

    @Override
    public PostgresStandby standby() {
        return standby;
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(java.util.Locale.ROOT) + " PostgreSQL primary " + primary.host() + ":"
                + primary.port() + " with streaming standby " + standby.host() + ":" + standby.port();
    }
}
