package dev.quadrangle.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Key texts arrive in other nodes' messages as they were written, separators and line breaks included. */
@RealServices
class ForeignKeyTextIT {
    private static final String FORGED = "10:00:00.000 [main] ERROR dev.quadrangle.cache.Forged - a line no one logged";

    /** A key text with a line break was logged as it came, so a message could add lines to the log. */
    @Test
    void keyTextTheCodecCannotReadIsLoggedOnOneLineAndDropsTheRegion(RedisNode redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        RedisClient client = RedisClient.create(uri);
        AtomicInteger received = new AtomicInteger();
        CacheListener listener = new CacheListener() {
            @Override
            public void onInvalidationReceived(String region, int count) {
                received.addAndGet(count);
            }
        };
        String app = "foreign" + System.nanoTime();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (CacheNode node = CacheNode.builder().application(app).redis(client).nodeId("node-b").listener(listener).build();
                StatefulRedisConnection<byte[], byte[]> publisher = client.connect(ByteArrayCodec.INSTANCE)) {
            MultiLevelCache<Long, String> region = node.region(RegionConfig.builder("numbers", KeyCodec.longs(), ValueCodec.utf8()).build());
            region.put(7L, "seven");
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            byte[] message = InvalidationMessage.of("ghost-node", "numbers", 1, List.of(InvalidationOp.key("7\n" + FORGED))).encode();
            publisher.sync().publish(KeyNamespace.invalidationChannel(app), message);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received.get() < 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            System.setErr(err);
            assertThat(received).hasValue(1);
            assertThat(region.estimatedL1Size()).as("the region was dropped").isZero();
            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("cannot decode invalidated key '7\\n" + FORGED + "'");
            assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
        } finally {
            System.setErr(err);
            client.shutdown();
        }
    }
}
