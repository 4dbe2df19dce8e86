package dev.quadrangle.testkit.internal;

import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** Database creation and WAL positions, the same in every mode. */
abstract class AbstractPostgresCluster implements PostgresCluster {
    private static final Duration CREATE_REPLAY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String primaryWalLsn() {
        return ((AbstractPostgresServer) primary()).queryString("SELECT pg_current_wal_lsn()::text");
    }

    @Override
    public TestDatabase createDatabase(String prefix) {
        String clean = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = "qt_" + clean + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = primary().connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on the primary: "
                    + e.getMessage(), e);
        }
        awaitCreatedDatabaseReplayed(CREATE_REPLAY_TIMEOUT);
        return TestDatabase.of(this, name);
    }

    /** Waits until the standbys that run have replayed a database just created on the primary. */
    void awaitCreatedDatabaseReplayed(Duration timeout) {
        if (standby().isRunning()) {
            awaitStandbyCaughtUp(timeout);
        }
    }
}
