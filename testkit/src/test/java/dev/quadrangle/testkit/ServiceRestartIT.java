package dev.quadrangle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@RealServices
class ServiceRestartIT {

    @BeforeAll
    static void createTable(TestDatabase db) throws SQLException {
        try (Connection c = db.primary().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event (id bigint PRIMARY KEY)");
        }
    }

    @Test
    void standbyStoppedAndStartedCatchesUpAndServesFreshClients(TestDatabase db, PostgresCluster cluster)
            throws SQLException {
        PostgresStandby standby = cluster.standby();
        assumeTrue(standby.controllable(), "the standby is external");
        standby.stop();
        try {
            assertThat(standby.isRunning()).isFalse();
            assertThatThrownBy(() -> db.standby().getConnection().close()).isInstanceOf(SQLException.class);
            // written while the standby is down: must arrive after it comes back
            exec(db.primary(), "INSERT INTO event SELECT g FROM generate_series(1, 100) g");
        } finally {
            standby.start();
        }
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(30));
        assertThat(count(db.standby(), "SELECT count(*) FROM event WHERE id <= 100")).isEqualTo(100);
        assertThat(count(db.standby(), "SELECT pg_is_in_recovery()::int")).isEqualTo(1);
    }

    @Test
    void primaryStoppedAndStartedKeepsItsDataAndReplicationResumes(TestDatabase db, PostgresCluster cluster)
            throws SQLException {
        PostgresServer primary = cluster.primary();
        assumeTrue(primary.controllable(), "the primary is external");
        exec(db.primary(), "INSERT INTO event VALUES (1001)");
        primary.stop();
        try {
            assertThatThrownBy(() -> db.primary().getConnection().close()).isInstanceOf(SQLException.class);
        } finally {
            primary.start();
        }
        exec(db.primary(), "INSERT INTO event VALUES (1002)");
        cluster.awaitStandbyCaughtUp(Duration.ofSeconds(30));
        assertThat(count(db.standby(), "SELECT count(*) FROM event WHERE id IN (1001, 1002)")).isEqualTo(2);
    }

    @Test
    void redisStoppedAndStartedServesAFreshClient(RedisNode redis) {
        assumeTrue(redis.controllable(), "Redis is external");
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(false).build());
        try {
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("restart-probe", "before");
            }
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(client::connect).isInstanceOf(io.lettuce.core.RedisConnectionException.class);
            redis.start();
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().ping()).isEqualTo("PONG");
                c.sync().set("restart-probe", "after");
                assertThat(c.sync().get("restart-probe")).isEqualTo("after");
            }
        } finally {
            redis.start();
            client.shutdown();
        }
    }

    @Test
    void killClientsCutsNormalAndPubSubConnections(RedisNode redis) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(false).build());
        try (StatefulRedisConnection<String, String> normal = client.connect();
                StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub()) {
            pubsub.sync().subscribe("testkit-channel");
            assertThat(normal.sync().ping()).isEqualTo("PONG");
            assertThat(redis.killClients("pubsub")).isGreaterThanOrEqualTo(1);
            assertThat(redis.killClients("normal")).isGreaterThanOrEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while ((normal.isOpen() || pubsub.isOpen()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(normal.isOpen()).isFalse();
            assertThat(pubsub.isOpen()).isFalse();
        } finally {
            client.shutdown();
        }
        assertThatThrownBy(() -> redis.killClients("master")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'master'");
    }

    @Test
    void s3StoppedAndStartedKeepsObjectsAndServesAFreshClient(S3Server s3) {
        assumeTrue(s3.controllable(), "S3 is external");
        String key = "restart/" + System.nanoTime();
        try (S3Client client = s3.newClient()) {
            client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString("kept"));
        }
        s3.stop();
        try (S3Client client = s3.newClient()) {
            assertThat(s3.isRunning()).isFalse();
            assertThatThrownBy(() -> client.headBucket(b -> b.bucket(s3.bucket())))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        } finally {
            s3.start();
        }
        try (S3Client client = s3.newClient()) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key)).asUtf8String()).isEqualTo("kept");
        }
    }

    /**
     * Regression: after S3 restarted on its port, the JDK's keep-alive cache still held connections to the
     * stopped server, and the next PUTs (which the JDK does not retry) failed with "Unexpected end of file
     * from server". Several clients put at once so that several connections are cached before the stop.
     */
    @Test
    void putsRightAfterAnS3RestartDoNotMeetDeadKeptAliveConnections(S3Server s3) throws Exception {
        assumeTrue(s3.controllable(), "S3 is external");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (S3Client client = s3.newClient()) {
            java.util.List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "keepalive/" + i;
                puts.add(pool.submit(() -> client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString("v"))));
            }
            for (java.util.concurrent.Future<?> put : puts) {
                put.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            s3.stop();
            s3.start();
            for (int i = 0; i < 4; i++) {
                String key = "keepalive/after-" + i;
                client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString("v"));
            }
            assertThat(client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("keepalive/after-3")).asUtf8String())
                    .isEqualTo("v");
        } finally {
            pool.shutdownNow();
            if (!s3.isRunning()) {
                s3.start();
            }
        }
    }

    private static void exec(javax.sql.DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(javax.sql.DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
