package dev.quadrangle.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quadrangle.spi.ReadThroughCache;
import dev.quadrangle.storage.ContentOffload;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.ContentRef;
import dev.quadrangle.storage.ContentSchema;
import dev.quadrangle.storage.JdbcReferenceColumn;
import dev.quadrangle.storage.OffloadPolicy;
import dev.quadrangle.storage.OutboxProcessor;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.StoredContent;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Seed 000's activity table with its JSON content stored inline as {@code jsonb} against the same rows
 * whose content is offloaded to S3 (the row keeps a {@code ContentRef}): listings, content updates
 * (with the WAL bytes each writes, which every replica must replay), table size, and resolving content
 * from S3 or from a cache.
 *
 * <p>Scale: {@code -Dquadrangle.offload.activities=N} activities (default 5,000) of about 200 KB each,
 * 100 classes. The load is done once per JVM and shared by the benchmark methods that run in it, so the
 * seeds' scale (100,000 activities, 20 GB of JSON) runs in one JVM with {@code -f 0}:
 * {@code java -Xmx12g -Dquadrangle.offload.activities=100000 -jar benchmarks/target/benchmarks.jar
 * OffloadBenchmark -f 0}. The in-process S3 server keeps its objects in memory, hence the heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class OffloadBenchmark {
    static final int ACTIVITIES = Integer.getInteger("quadrangle.offload.activities", 5_000);
    static final int CLASSES = 100;
    static final int TEMPLATES = 20;
    static final String TENANT = "school-1";
    /** Activities whose references the resolve benchmarks read (and the update benchmarks leave alone). */
    static final int RESOLVED_ROWS = 500;

    /** What the trial setup loads; shared by every benchmark method that runs in the same JVM. */
    private static Loaded loaded;

    private HikariDataSource pool;
    private ContentOffloader offloader;
    private ContentOffloader cachedOffloader;
    private OutboxProcessor outbox;
    private List<String> templates;
    private List<ContentRef> refs;
    private final AtomicLong revision = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private long walBefore;

    /** The database, the S3 objects and the clients, loaded once per JVM and closed when it exits. */
    private record Loaded(TestDatabase database, HikariDataSource pool, S3Client s3Client, ContentOffload offload,
            ContentOffload cachedOffload, List<String> templates, List<ContentRef> refs) {
        void close() {
            try {
                offload.close();
                cachedOffload.close();
                pool.close();
                s3Client.close();
                database.close();
            } catch (RuntimeException e) {
                // the JVM is exiting; the embedded servers may have stopped first
                System.err.println("closing the offload benchmark's resources: " + e);
            }
        }
    }

    /**
     * Loads both tables and S3 and prints their sizes, or reuses what an earlier benchmark method of this
     * JVM loaded: run with {@code -f 0} to load the 100k activities once for every method.
     */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Loaded l = load();
        pool = l.pool();
        offloader = l.offload().offloader();
        cachedOffloader = l.cachedOffload().offloader();
        outbox = l.offload().outbox();
        templates = l.templates();
        refs = l.refs();
    }

    private static synchronized Loaded load() throws SQLException {
        if (loaded != null) {
            return loaded;
        }
        TestDatabase database = QuadrangleServices.postgres().createDatabase("offload");
        HikariDataSource pool = pool(database);
        S3Server s3 = QuadrangleServices.s3();
        S3Client s3Client = s3.newClient();
        S3ContentStore store = S3ContentStore.builder().client(s3Client).bucket(s3.bucket()).build();
        OffloadPolicy policy = OffloadPolicy.builder().inlineThreshold(0).keyPrefix("bench-" + Long.toHexString(System.nanoTime())).build();
        ContentOffload offload = ContentOffload.builder().dataSource(pool).store(store).policy(policy)
                .references(JdbcReferenceColumn.of("activity_offloaded", "id", "content_ref")).build();
        ContentOffload cachedOffload = offload.toBuilder().cache(new MapCache()).build();
        ContentOffloader offloader = offload.offloader();
        ContentOffloader cachedOffloader = cachedOffload.offloader();
        List<String> templates = new ArrayList<>();
        for (int t = 0; t < TEMPLATES; t++) {
            templates.add(OffloadData.document(100_000 + t * 10_500, t)); // 100 KB .. 300 KB, 200 KB on average
        }
        long start = System.nanoTime();
        OffloadLoader.createAndLoad(pool, offloader, templates, ACTIVITIES, CLASSES, TENANT);
        System.out.printf(Locale.ROOT, "%nloaded %,d activities inline and offloaded in %.1f s%n", ACTIVITIES,
                (System.nanoTime() - start) / 1e9);
        OffloadLoader.printSizes(pool);
        List<ContentRef> refs = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT content_ref::text FROM activity_offloaded ORDER BY id LIMIT " + RESOLVED_ROWS)) {
            while (rs.next()) {
                refs.add(ContentRef.parse(rs.getString(1)));
            }
        }
        for (ContentRef ref : refs.subList(0, 100)) {
            cachedOffloader.resolve(TENANT, ref); // warm: resolveCached measures hits
        }
        loaded = new Loaded(database, pool, s3Client, offload, cachedOffload, List.copyOf(templates), List.copyOf(refs));
        Runtime.getRuntime().addShutdownHook(new Thread(loaded::close, "offload-benchmark-close"));
        return loaded;
    }

    /** Notes the WAL position before an iteration of an update benchmark. */
    @Setup(Level.Iteration)
    public void beforeIteration() throws SQLException {
        updates.set(0);
        walBefore = walPosition();
    }

    /** Drains the delete outbox and prints the WAL bytes per content update of the iteration. */
    @TearDown(Level.Iteration)
    public void afterIteration(BenchmarkParams params) throws SQLException {
        if (!params.getBenchmark().contains("contentUpdate") || updates.get() == 0) {
            return;
        }
        while (outbox.processPending() > 0) {
            // the outbox's own WAL (entry deleted) belongs to the offloaded update's cost
        }
        long wal = walPosition() - walBefore;
        System.out.printf(Locale.ROOT, "%n%s: %,d updates, %,d WAL bytes per update%n",
                params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1), updates.get(), wal / updates.get());
    }

    private long walPosition() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The seeds' ORM default: list a class's 50 latest activities with every column.
     *
     * @return bytes read, so that the JIT keeps the reads
     */
    @Benchmark
    public long inlineListingSelectStar() throws SQLException {
        return listing("SELECT * FROM activity_inline WHERE class_id = ? ORDER BY created_at DESC LIMIT 50");
    }

    /**
     * The same listing naming only the metadata columns: TOAST keeps it cheap without offloading.
     *
     * @return bytes read
     */
    @Benchmark
    public long inlineListingMetadataOnly() throws SQLException {
        return listing("SELECT id, class_id, title, status, purpose, created_at FROM activity_inline "
                + "WHERE class_id = ? ORDER BY created_at DESC LIMIT 50");
    }

    /**
     * The same listing with every column of the offloaded table (the row holds the reference).
     *
     * @return bytes read
     */
    @Benchmark
    public long offloadedListing() throws SQLException {
        return listing("SELECT * FROM activity_offloaded WHERE class_id = ? ORDER BY created_at DESC LIMIT 50");
    }

    private long listing(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, ThreadLocalRandom.current().nextInt(CLASSES));
            long bytes = 0;
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        String value = rs.getString(i);
                        bytes += value == null ? 0 : value.length();
                    }
                }
            }
            return bytes;
        }
    }

    /**
     * Replaces one activity's inline content.
     *
     * @return rows updated
     */
    @Benchmark
    public int contentUpdateInline() throws SQLException {
        long id = updatableId();
        byte[] json = OffloadData.withActivityId(templates.get((int) (id % TEMPLATES)), id, revision.incrementAndGet());
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE activity_inline SET content = ?::jsonb WHERE id = ?")) {
            ps.setString(1, new String(json, java.nio.charset.StandardCharsets.UTF_8));
            ps.setLong(2, id);
            updates.incrementAndGet();
            return ps.executeUpdate();
        }
    }

    /**
     * Replaces one activity's offloaded content with the full protocol: new object first, row second,
     * old object queued for deletion in the same transaction.
     *
     * @return rows updated
     */
    @Benchmark
    public int contentUpdateOffloaded() throws SQLException {
        long id = updatableId();
        byte[] json = OffloadData.withActivityId(templates.get((int) (id % TEMPLATES)), id, revision.incrementAndGet());
        try (Connection tx = pool.getConnection()) {
            tx.setAutoCommit(false);
            try {
                ContentRef old;
                try (PreparedStatement ps = tx.prepareStatement("SELECT content_ref::text FROM activity_offloaded WHERE id = ? FOR UPDATE")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        old = ContentRef.parse(rs.getString(1));
                    }
                }
                StoredContent stored = offloader.offload(tx, TENANT, "activity", json);
                int updated;
                try (PreparedStatement ps = tx.prepareStatement("UPDATE activity_offloaded SET content_ref = ?::jsonb WHERE id = ?")) {
                    ps.setString(1, stored.ref().orElseThrow().toJson());
                    ps.setLong(2, id);
                    updated = ps.executeUpdate();
                }
                offloader.scheduleDelete(tx, old);
                tx.commit();
                updates.incrementAndGet();
                return updated;
            } finally {
                tx.setAutoCommit(true);
            }
        }
    }

    /** An activity to update: never one of the first {@value #RESOLVED_ROWS}, whose references the resolve benchmarks read. */
    private static long updatableId() {
        return ThreadLocalRandom.current().nextLong(RESOLVED_ROWS + 1, ACTIVITIES + 1);
    }

    /**
     * Resolves a reference from S3: fetch, verify, decompress.
     *
     * @return content length
     */
    @Benchmark
    public int resolveFromS3() {
        return offloader.resolve(TENANT, refs.get(ThreadLocalRandom.current().nextInt(refs.size()))).length;
    }

    /**
     * Resolves a reference that the read-through cache holds.
     *
     * @return content length
     */
    @Benchmark
    public int resolveCached() {
        return cachedOffloader.resolve(TENANT, refs.get(ThreadLocalRandom.current().nextInt(100))).length;
    }

    private static HikariDataSource pool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.primaryUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName("bench-offload");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** A map as the cache SPI (the cache module's L1 plays this part in an application). */
    static final class MapCache implements ReadThroughCache<String, byte[]> {
        private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] get(String key, Function<? super String, ? extends byte[]> loader) {
            return map.computeIfAbsent(key, loader);
        }

        @Override
        public Optional<byte[]> getIfPresent(String key) {
            return Optional.ofNullable(map.get(key));
        }

        @Override
        public void put(String key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public void invalidate(String key) {
            map.remove(key);
        }
    }
}
