package dev.quadrangle.cache;

import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Lettuce clients for the tests: one per simulated node, without the CLIENT SETINFO handshake Redis 6.2 refuses. */
final class TestRedis implements AutoCloseable {
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<CacheNode> nodes = new ArrayList<>();
    private final RedisNode redis;

    TestRedis(RedisNode redis) {
        this.redis = redis;
    }

    static RedisURI uri(URI uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setLibraryName("");
        redisUri.setLibraryVersion("");
        return redisUri;
    }

    RedisClient client() {
        RedisClient client = RedisClient.create(uri(redis.uri()));
        client.setOptions(ClientOptions.builder().build());
        clients.add(client);
        return client;
    }

    /**
     * A generous Redis timeout for tests that count loads exactly: on a machine shared with other
     * builds a command can take longer than the production default, which the cache rightly treats as
     * a Redis fault (and then loads).
     */
    static final Duration PATIENT_TIMEOUT = Duration.ofSeconds(5);

    /** A node with its own client, so its connections are separate from every other node's. */
    CacheNode node(String application, String nodeId, CacheListener listener) {
        return node(application, nodeId, listener, CacheClock.system());
    }

    /** A node with its own client whose entries age on the given clock. */
    CacheNode node(String application, String nodeId, CacheListener listener, CacheClock clock) {
        CacheNode node = CacheNode.builder().application(application).redis(client()).nodeId(nodeId)
                .redisTimeout(PATIENT_TIMEOUT).listener(listener).ticker(clock).build();
        nodes.add(node);
        return node;
    }

    CacheNode node(String application, String nodeId) {
        return node(application, nodeId, CacheListener.NONE);
    }

    StatefulRedisConnection<String, String> admin() {
        return client().connect();
    }

    /** A connection that sees keys and values as the cache wrote them, byte for byte. */
    StatefulRedisConnection<byte[], byte[]> rawAdmin() {
        return client().connect(ByteArrayCodec.INSTANCE);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Checks that a condition holds throughout a window (for what must not happen). */
    static void assertStays(String what, Duration window, BooleanSupplier condition) {
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() - end < 0) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer " + what);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    @Override
    public void close() {
        nodes.forEach(CacheNode::close);
        clients.forEach(RedisClient::shutdown);
    }
}
