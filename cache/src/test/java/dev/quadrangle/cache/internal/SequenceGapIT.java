package dev.quadrangle.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheListener;
import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.FlushReason;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A message whose sequence number skips ahead makes the receiver flush the region. */
@RealServices
class SequenceGapIT {

    @Test
    void skippedSequenceNumberFlushesTheRegion(RedisNode redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        RedisClient client = RedisClient.create(uri);
        AtomicInteger gapFlushes = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        CacheListener listener = new CacheListener() {
            @Override
            public void onFlush(String region, FlushReason reason) {
                if (reason == FlushReason.SEQUENCE_GAP) {
                    gapFlushes.incrementAndGet();
                }
            }

            @Override
            public void onInvalidationReceived(String region, int count) {
                received.addAndGet(count);
            }
        };
        String app = "gap" + System.nanoTime();
        try (CacheNode node = CacheNode.builder().application(app).redis(client).nodeId("node-b").listener(listener).build();
                StatefulRedisConnection<byte[], byte[]> publisher = client.connect(ByteArrayCodec.INSTANCE)) {
            MultiLevelCache<String, String> region = node.region(RegionConfig.builder("gaps", KeyCodec.strings(), ValueCodec.utf8()).build());
            region.put("kept", "v1");
            region.put("other", "v1");
            byte[] channel = (app + ":~invalidations").getBytes(StandardCharsets.UTF_8);

            publisher.sync().publish(channel, message(1, "other"));
            awaitCount(received, 1);
            assertThat(gapFlushes).hasValue(0);
            assertThat(region.estimatedL1Size()).isEqualTo(1);

            publisher.sync().publish(channel, message(3, "unrelated"));
            awaitCount(received, 2);
            assertThat(gapFlushes).hasValue(1);
            assertThat(region.estimatedL1Size()).as("the whole region was flushed").isZero();
            assertThat(region.getIfPresent("kept")).as("Redis still has it").contains("v1");
        } finally {
            client.shutdown();
        }
    }

    private static byte[] message(long sequence, String key) {
        return InvalidationMessage.of("ghost-node", "gaps", sequence, List.of(InvalidationOp.key(key))).encode();
    }

    private static void awaitCount(AtomicInteger counter, int expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (counter.get() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(counter).hasValue(expected);
    }
}
