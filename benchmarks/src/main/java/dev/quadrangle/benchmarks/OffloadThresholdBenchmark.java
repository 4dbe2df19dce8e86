package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.OffloadPolicy;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StoredContent;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the inline threshold should sit: reading one activity's content by primary key when it is
 * inline ({@code jsonb}, TOASTed) against reading the row's reference and resolving it from S3, per
 * content size. Below the size where the two meet, offloading only adds a round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class OffloadThresholdBenchmark {
    private static final int ROWS = 300;

    /** Content size in bytes. */
    @Param({"16384", "65536", "131072", "262144"})
    public int contentBytes;

    private TestDatabase database;
    private HikariDataSource pool;
    private S3Client s3Client;
    private ContentOffloader offloader;

    /** Loads {@value #ROWS} rows of the size inline and offloaded. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = QuadrangleServices.postgres().createDatabase("threshold");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.primaryUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        S3Server s3 = QuadrangleServices.s3();
        s3Client = s3.newClient();
        offloader = ContentOffload.builder()
                .store(S3ContentStore.builder().client(s3Client).bucket(s3.bucket()).build())
                .policy(OffloadPolicy.builder().inlineThreshold(0).keyPrefix("threshold-" + Long.toHexString(System.nanoTime())).build())
                .build()
                .offloader();
        String template = OffloadData.document(contentBytes - 40, contentBytes);
        try (Connection tx = pool.getConnection(); Statement s = tx.createStatement()) {
            ContentSchema.install(tx);
            s.execute("CREATE TABLE inline_content (id int PRIMARY KEY, content jsonb NOT NULL)");
            s.execute("CREATE TABLE offloaded_content (id int PRIMARY KEY, content_ref jsonb NOT NULL)");
            tx.setAutoCommit(false);
            try (PreparedStatement inline = tx.prepareStatement("INSERT INTO inline_content VALUES (?, ?::jsonb)");
                    PreparedStatement offloaded = tx.prepareStatement("INSERT INTO offloaded_content VALUES (?, ?::jsonb)")) {
                for (int id = 0; id < ROWS; id++) {
                    byte[] json = OffloadData.withActivityId(template, id, 0);
                    inline.setInt(1, id);
                    inline.setString(2, new String(json, StandardCharsets.UTF_8));
                    inline.executeUpdate();
                    StoredContent stored = offloader.offload(tx, "school-1", "activity", json);
                    offloaded.setInt(1, id);
                    offloaded.setString(2, stored.ref().orElseThrow().toJson());
                    offloaded.executeUpdate();
                }
            }
            tx.commit();
            tx.setAutoCommit(true);
            s.execute("VACUUM ANALYZE inline_content");
            s.execute("VACUUM ANALYZE offloaded_content");
        }
    }

    /** Closes what the benchmark created. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        s3Client.close();
        database.close();
    }

    /**
     * Reads inline content by primary key.
     *
     * @return content length
     */
    @Benchmark
    public int inlineRead() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT content::text FROM inline_content WHERE id = ?")) {
            ps.setInt(1, ThreadLocalRandom.current().nextInt(ROWS));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).length();
            }
        }
    }

    /**
     * Reads the reference by primary key and resolves it from S3 (verified, no cache).
     *
     * @return content length
     */
    @Benchmark
    public int offloadedRead() throws SQLException {
        ContentRef ref;
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT content_ref::text FROM offloaded_content WHERE id = ?")) {
            ps.setInt(1, ThreadLocalRandom.current().nextInt(ROWS));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                ref = ContentRef.parse(rs.getString(1));
            }
        }
        return offloader.resolve("school-1", ref).length;
    }
}
