package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.spi.ConsistencyToken;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read/write splitting: a primary-key read routed to the standby through raw HikariCP (the baseline: a
 * pool straight on the standby), Quadrangle's {@link RoutingDataSource} (built over the baseline's own
 * pools, as a host that already has HikariCP would, so the comparison isolates the routing layer),
 * ShardingSphere-JDBC and the AWS Advanced JDBC Wrapper (each with its own HikariCP pools); and a single-row write with and without Quadrangle's read-your-writes token
 * (auto-commit, where the WAL position costs a round trip, and in a transaction, where it rides along
 * with the commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RoutingBenchmark {
    private static final String READ_SQL = "SELECT title, score FROM item WHERE id = ?";
    private static final String WRITE_SQL = "UPDATE item SET score = ? WHERE id = ?";
    private static final int POOL_SIZE = 4;

    private BenchmarkDatabase database;
    private HikariDataSource primaryPool;
    private HikariDataSource standbyPool;
    private RoutingDataSource routing;
    private DataSource shardingSphere;
    private HikariDataSource awsWrapper;

    /** Creates the database, the pools and the three routing data sources. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = BenchmarkDatabase.withItems("routing");
        TestDatabase db = database.database();
        primaryPool = database.primaryPool(POOL_SIZE);
        standbyPool = database.standbyPool(POOL_SIZE);
        // over the very pools of the baseline: same connections and server processes, only the routing differs
        routing = RoutingDataSource.builder()
                .primary(primaryPool)
                .replica("standby", standbyPool)
                .build();
        shardingSphere = shardingSphere(db);
        awsWrapper = awsWrapper(db);
    }

    private static DataSource shardingSphere(TestDatabase db) throws SQLException {
        String yaml = "databaseName: bench\n"
                + "dataSources:\n"
                + dataSourceYaml("write_ds", db.primaryUrl(), db)
                + dataSourceYaml("read_ds_0", db.standbyUrl(), db)
                + "rules:\n"
                + "- !READWRITE_SPLITTING\n"
                + "  dataSourceGroups:\n"
                + "    readwrite_ds:\n"
                + "      writeDataSourceName: write_ds\n"
                + "      readDataSourceNames:\n"
                + "        - read_ds_0\n"
                + "      loadBalancerName: round_robin\n"
                + "  loadBalancers:\n"
                + "    round_robin:\n"
                + "      type: ROUND_ROBIN\n"
                + "- !SINGLE\n"
                + "  tables:\n"
                + "    - \"*.*.*\"\n"
                + "props:\n"
                + "  sql-show: false\n";
        try {
            return YamlShardingSphereDataSourceFactory.createDataSource(yaml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new SQLException("could not read the ShardingSphere configuration", e);
        }
    }

    private static String dataSourceYaml(String name, String url, TestDatabase db) {
        return "  " + name + ":\n"
                + "    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n"
                + "    driverClassName: org.postgresql.Driver\n"
                + "    jdbcUrl: " + url + "\n"
                + "    username: " + db.user() + "\n"
                + "    password: '" + db.password() + "'\n"
                + "    maximumPoolSize: " + POOL_SIZE + "\n";
    }

    private static HikariDataSource awsWrapper(TestDatabase db) {
        PostgresCluster cluster = db.cluster();
        HikariConfig config = new HikariConfig();
        config.setDriverClassName("software.amazon.jdbc.Driver");
        config.setJdbcUrl("jdbc:aws-wrapper:postgresql://" + cluster.primary().host() + ":" + cluster.primary().port()
                + "," + cluster.standby().host() + ":" + cluster.standby().port() + "/" + db.name()
                + "?wrapperPlugins=readWriteSplitting&singleWriterConnectionString=true");
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName("bench-aws-wrapper");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return new HikariDataSource(config);
    }

    /** Closes everything and drops the database. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        awsWrapper.close();
        if (shardingSphere instanceof AutoCloseable) {
            ((AutoCloseable) shardingSphere).close();
        }
        routing.close();
        standbyPool.close();
        primaryPool.close();
        database.close();
    }

    /** Baseline: the read through a raw HikariCP pool on the standby. */
    @Benchmark
    public int hikariPrimaryKeyRead() throws SQLException {
        try (Connection c = standbyPool.getConnection()) {
            return read(c);
        }
    }

    /**
     * The baseline read with {@code setReadOnly(true)} on the raw pool's connection, which HikariCP
     * resets when the connection returns: the share of the flag itself in Quadrangle's figure.
     */
    public int hikariReadOnlyPrimaryKeyRead() throws SQLException {
        try (Connection c = standbyPool.getConnection()) {
            c.setReadOnly(true);
            return read(c);
        }
    }

    /** The same read through Quadrangle, routed to the standby by {@code setReadOnly(true)}. */
    @Benchmark
    public int quadranglePrimaryKeyRead() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            return read(c);
        }
    }

    /** The same read through ShardingSphere-JDBC read/write splitting (a {@code SELECT} goes to the reader). */
    @Benchmark
    public int shardingSpherePrimaryKeyRead() throws SQLException {
        try (Connection c = shardingSphere.getConnection()) {
            return read(c);
        }
    }

    /** The same read through the AWS Advanced JDBC Wrapper's read/write splitting plugin, behind HikariCP. */
    @Benchmark
    public int awsWrapperPrimaryKeyRead() throws SQLException {
        try (Connection c = awsWrapper.getConnection()) {
            c.setReadOnly(true);
            return read(c);
        }
    }

    /** Baseline write: an auto-committed single-row update through raw HikariCP on the primary. */
    @Benchmark
    public int hikariWrite() throws SQLException {
        try (Connection c = primaryPool.getConnection()) {
            return write(c);
        }
    }

    /**
     * The same write through Quadrangle under the LSN policy: the write is recorded for read-your-writes,
     * its position read only when a read in the scope or an export of the token needs it (never, here).
     */
    @Benchmark
    public int quadrangleWrite() throws SQLException {
        try (Connection c = routing.getConnection()) {
            return write(c);
        }
    }

    /**
     * The write through Quadrangle, then its token exported after every write (as a web filter does once
     * per request): the export reads the writer's position in a round trip of its own.
     */
    @Benchmark
    public ConsistencyToken quadrangleWriteThenExportToken() throws SQLException {
        try (Connection c = routing.getConnection()) {
            write(c);
        }
        return routing.currentToken().orElseThrow();
    }

    /** Baseline transactional write: update and commit through raw HikariCP. */
    @Benchmark
    public int hikariWriteInTransaction() throws SQLException {
        try (Connection c = primaryPool.getConnection()) {
            c.setAutoCommit(false);
            int updated = write(c);
            c.commit();
            return updated;
        }
    }

    /** The same transaction through Quadrangle: the WAL position rides along with the commit. */
    @Benchmark
    public ConsistencyToken quadrangleWriteInTransactionWithToken() throws SQLException {
        try (Connection c = routing.getConnection()) {
            c.setAutoCommit(false);
            write(c);
            c.commit();
        }
        return routing.currentToken().orElseThrow();
    }

    private static int read(Connection c) throws SQLException {
        long id = ThreadLocalRandom.current().nextLong(1, BenchmarkDatabase.ITEM_ROWS + 1);
        try (PreparedStatement ps = c.prepareStatement(READ_SQL)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("item " + id + " is missing");
                }
                return rs.getInt(2);
            }
        }
    }

    private static int write(Connection c) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (PreparedStatement ps = c.prepareStatement(WRITE_SQL)) {
            ps.setInt(1, random.nextInt(100));
            ps.setLong(2, random.nextLong(1, BenchmarkDatabase.ITEM_ROWS + 1));
            return ps.executeUpdate();
        }
    }
}
