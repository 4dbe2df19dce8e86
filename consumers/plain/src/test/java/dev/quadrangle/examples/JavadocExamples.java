package dev.quadrangle.examples;

import dev.quadrangle.cache.CacheMetrics;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.TtlTier;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.core.batch.BatchWriter;
import dev.quadrangle.core.batch.CounterTable;
import dev.quadrangle.core.jooq.QueryTimingListener;
import dev.quadrangle.core.partition.AcademicCalendar;
import dev.quadrangle.core.partition.PartitionLevel;
import dev.quadrangle.core.partition.PartitionManager;
import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.core.partition.Retention;
import dev.quadrangle.core.partition.TimeInterval;
import dev.quadrangle.core.repository.KeysetPage;
import dev.quadrangle.core.repository.PageRequest;
import dev.quadrangle.core.repository.PartitionScope;
import dev.quadrangle.core.repository.PartitionedRepository;
import dev.quadrangle.routing.RoutedDsl;
import dev.quadrangle.routing.RoutingDataSource;
import dev.quadrangle.spi.ContentStore;
import dev.quadrangle.storage.S3ContentStore;
import dev.quadrangle.storage.ServerSideEncryption;
import dev.quadrangle.testkit.CitusDatabase;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.QuadrangleServices;
import dev.quadrangle.testkit.RealCitus;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisClusterNodes;
import dev.quadrangle.testkit.ReplicationMode;
import dev.quadrangle.testkit.TestDatabase;
import dev.quadrangle.testkit.s3server.S3ProxyServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The examples in the modules' Javadoc, compiled here against the published artifacts (each
 * {@code <pre>{@code ...}</pre>} block in a main source is preceded by a {@code <!-- snippet: ... -->}
 * comment naming its region in this file; samples' {@code JavadocExamplesTest} checks they are equal).
 * The README's and docs' examples, which also run, are in the {@code *ExampleIT} classes.
 */
@SuppressWarnings({"unused", "resource"})
final class JavadocExamples {
    private JavadocExamples() {
    }

    static void cacheMetrics(RedisClient client, MeterRegistry meterRegistry) {
        // @start region="cache-metrics"
        CacheMetrics metrics = new CacheMetrics();
        CacheNode node = CacheNode.builder().application("campus").redis(client).listener(metrics).build();
        metrics.bindTo(meterRegistry);
        // @end
    }

    static void cacheNode(RedisClient redisClient) {
        // @start region="cache-node"
        CacheNode node = CacheNode.builder().application("campus").redis(redisClient).build();
        MultiLevelCache<String, String> pools = node.region(RegionConfig
                .builder("question-pools", KeyCodec.strings(), ValueCodec.utf8())
                .ttl(TtlTier.WARM).tagOf(key -> key.substring(0, key.indexOf('/'))).build());
        // @end
    }

    static void partitionScope(OffsetDateTime monthStart, OffsetDateTime monthEnd) {
        // @start region="partition-scope"
        PartitionScope scope = PartitionScope.between("created_at", monthStart, monthEnd).and("user_id", 42L);
        // @end
    }

    static void repository(PartitionSpec spec, DataSource dataSource, List<Object[]> rows, OffsetDateTime from,
            OffsetDateTime to) {
        // @start region="partitioned-repository"
        PartitionedRepository answers = PartitionedRepository.builder(spec, dataSource).build();
        answers.copyInsert(rows);
        KeysetPage page = answers.page(PartitionScope.between("created_at", from, to).and("user_id", 42L),
                DSL.noCondition(), PageRequest.orderBy("created_at", "id").descending().limit(50));
        // @end
    }

    static void pageRequest(KeysetPage page) {
        // @start region="page-request"
        PageRequest first = PageRequest.orderBy("created_at", "id").descending().limit(50);
        PageRequest next = first.after(page.nextAfter().orElseThrow());
        // @end
    }

    static void queryTiming(DataSource dataSource) {
        // @start region="query-timing"
        Configuration configuration = new DefaultConfiguration().set(dataSource).set(SQLDialect.POSTGRES)
                .set(QueryTimingListener.builder().slowQueryThreshold(Duration.ofMillis(200)).build());
        // @end
    }

    static void retention() {
        // @start region="retention"
        Retention learning = Retention.drop(Period.ofYears(2));
        Retention assessment = Retention.archiveToSchema(Period.ofYears(7), "archive");
        Retention answers = Retention.export(Period.ofMonths(3), "archive/answers");
        // @end
    }

    static void partitionManager(DataSource dataSource, ContentStore store, PartitionSpec answers) {
        // @start region="partition-manager"
        PartitionManager manager = PartitionManager.builder(dataSource)
                .contentStore(store)
                .build();
        manager.ensure(answers);
        manager.applyRetention(answers);
        // @end
    }

    static PartitionSpec partitionSpec() {
        // @start region="partition-spec"
        PartitionSpec answers = PartitionSpec.builder("answer")
                .column("id", SQLDataType.BIGINT.notNull())
                .column("user_id", SQLDataType.BIGINT.notNull())
                .column("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE.notNull())
                .primaryKey("id", "created_at")
                .partitionBy(PartitionLevel.range("created_at", TimeInterval.MONTH))
                .retention(Retention.export(Period.ofMonths(12), "archive/answers"))
                .build();
        // @end
        return answers;
    }

    static AcademicCalendar academicCalendar() {
        // @start region="academic-calendar"
        AcademicCalendar calendar = AcademicCalendar.builder()
                .term("2026_fall", LocalDate.of(2026, 8, 15), LocalDate.of(2027, 1, 1))
                .term("2027_spring", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 6, 15))
                .build();
        // @end
        return calendar;
    }

    static void batchWriter(PartitionedRepository answers, long id, long userId, long questionId, boolean correct,
            String body, OffsetDateTime createdAt) {
        // @start region="batch-writer"
        try (BatchWriter writer = BatchWriter.builder(answers).batchSize(1000).build()) {
            writer.write(new Object[] {id, userId, questionId, correct, body, createdAt});
        }
        // @end
    }

    static void counterTable(DataSource dataSource) {
        // @start region="counter-table"
        CounterTable stats = CounterTable.builder("user_stats").key("user_id", SQLDataType.BIGINT)
                .counters("answered", "correct").build();
        CounterTable.Increments increments = stats.increments();
        increments.add(List.of(42L), 1, 1);
        stats.apply(dataSource, increments);
        // @end
    }

    static void routingDataSource(String primaryUrl, String replicaUrl, String password) {
        // @start region="routing-data-source"
        RoutingDataSource ds = RoutingDataSource.builder()
                .primary(primaryUrl, "app", password)
                .replica("replica-1", replicaUrl, "app", password)
                .build();
        // @end
    }

    static void discoveredNodes(String url1, String url2, String url3, String password) {
        // @start region="discovered-nodes"
        RoutingDataSource ds = RoutingDataSource.builder()
                .node("pg-1", url1, "app", password)
                .node("pg-2", url2, "app", password)
                .node("pg-3", url3, "app", password)
                .build();
        // @end
    }

    static void topologyStart() {
        // @start region="topology-start"
        try (PostgresTopology topology = PostgresTopology.start(2, ReplicationMode.ASYNC)) {
            PostgresNode old = topology.primary();
            PostgresNode next = topology.node("node2");
            topology.awaitCaughtUp(Duration.ofSeconds(30));
            old.stop();
            topology.promote(next);
            topology.repointStandbys(next);
            topology.rejoinAsStandby(old, next);
        }
        // @end
    }

    // @start region="real-services-topology"
    @RealServices(standbys = 2, replication = ReplicationMode.SYNC)
    class FailoverIT {
        @Test
        void promotesTheFirstStandby(PostgresTopology topology) {
            topology.promote(topology.node("node2"));
        }
    }
    // @end

    /** A generated jOOQ table, as an application has them. */
    interface Item extends Table<Record> {
        TableField<Record, Long> ID = null;
    }

    static void routedDsl(RoutingDataSource routing, Item ITEM) {
        // @start region="routed-dsl"
        RoutedDsl dsl = RoutedDsl.of(routing, new DefaultConfiguration().set(SQLDialect.POSTGRES));
        dsl.writes().insertInto(ITEM).set(ITEM.ID, 1L).execute();
        dsl.reads().selectFrom(ITEM).fetch();
        // @end
    }

    static void s3ContentStore(S3Client s3Client) {
        // @start region="s3-content-store"
        S3ContentStore store = S3ContentStore.builder()
                .client(s3Client)
                .bucket("activities-content")
                .serverSideEncryption(ServerSideEncryption.s3Managed())
                .build();
        // @end
    }

    static void s3ProxyServer(int port) {
        // @start region="s3-proxy-server"
        try (S3ProxyServer server = S3ProxyServer.inMemory(URI.create("http://127.0.0.1:" + port),
                "access", "secret", "bucket")) {
            server.start();
            // S3 clients signing with access/secret reach the bucket at the endpoint
        }
        // @end
    }

    static void quadrangleServices() {
        // @start region="quadrangle-services"
        PostgresCluster pg = QuadrangleServices.postgres();
        try (TestDatabase db = pg.createDatabase("demo")) {
            DataSource primary = db.primary();
            DataSource standby = db.standby();
        }
        // @end
    }

    // @start region="real-citus"
    @RealCitus
    class GradesOnCitusIT {
        @Test
        void distributes(CitusDatabase db) throws SQLException {
            try (Connection c = db.dataSource().getConnection()) {
                // ...
            }
        }
    }
    // @end

    // @start region="real-services"
    @RealServices
    class ReplicationIT {
        @Test
        void standbyIsInRecovery(TestDatabase db) throws SQLException {
            try (Connection c = db.standby().getConnection()) {
                // ...
            }
        }
    }
    // @end

    static void redisClusterNodes() {
        // @start region="redis-cluster-nodes"
        try (RedisClusterNodes cluster = RedisClusterNodes.start(3)) {
            RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream()
                    .map(u -> RedisURI.create(u)).toList());
        }
        // @end
    }
}
