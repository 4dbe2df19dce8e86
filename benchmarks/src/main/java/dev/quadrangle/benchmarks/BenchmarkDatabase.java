package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh benchmark database on the testkit's cluster, with HikariCP pools the benchmarks share. */
public final class BenchmarkDatabase implements AutoCloseable {
    /** Rows in the {@code item} table that primary-key reads pick from. */
    public static final int ITEM_ROWS = 100_000;

    private final TestDatabase database;

    private BenchmarkDatabase(TestDatabase database) {
        this.database = database;
    }

    /**
     * Creates a database holding {@value #ITEM_ROWS} rows in {@code item(id bigint primary key,
     * title text, score int)}, replicated to the standby.
     *
     * @param name a prefix for the database name
     * @return the database
     * @throws SQLException when the schema cannot be loaded
     */
    public static BenchmarkDatabase withItems(String name) throws SQLException {
        TestDatabase db = QuadrangleServices.postgres().createDatabase(name);
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id bigint PRIMARY KEY, title text NOT NULL, score int NOT NULL)");
            s.execute("INSERT INTO item SELECT g, 'item ' || g, g % 100 FROM generate_series(1, " + ITEM_ROWS + ") g");
            s.execute("VACUUM ANALYZE item");
        }
        db.cluster().awaitStandbyCaughtUp(java.time.Duration.ofSeconds(60));
        return new BenchmarkDatabase(db);
    }

    /** The underlying test database. */
    public TestDatabase database() {
        return database;
    }

    /**
     * A HikariCP pool on the primary.
     *
     * @param maxPoolSize the pool size
     * @return a new pool, owned by the caller
     */
    public HikariDataSource primaryPool(int maxPoolSize) {
        return pool(database.primaryUrl(), "bench-primary", maxPoolSize);
    }

    /**
     * A HikariCP pool on the standby.
     *
     * @param maxPoolSize the pool size
     * @return a new pool, owned by the caller
     */
    public HikariDataSource standbyPool(int maxPoolSize) {
        return pool(database.standbyUrl(), "bench-standby", maxPoolSize);
    }

    private HikariDataSource pool(String url, String name, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(maxPoolSize);
        return new HikariDataSource(config);
    }

    /** Drops the database. */
    @Override
    public void close() {
        database.close();
    }
}
