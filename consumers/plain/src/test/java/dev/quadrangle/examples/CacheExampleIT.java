package dev.quadrangle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quadrangle.cache.CacheNode;
import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.TtlTier;
import dev.quadrangle.cache.ValueCodec;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The cache example of README.md and docs/cache.md, run against a real Redis. */
@RealServices
class CacheExampleIT {

    /** Stands in for the application's database. */
    static final class QuestionDatabase {
        final Map<String, Integer> reads = new ConcurrentHashMap<>();

        String questionPool(String key) {
            reads.merge(key, 1, Integer::sum);
            return "[101, 102, 103]";
        }
    }

    @Test
    void regionGetWithLoaderAndInvalidation(RedisNode redis) {
        QuestionDatabase database = new QuestionDatabase();
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setLibraryName("");      // the testkit's embedded Redis 6.2 refuses CLIENT SETINFO
        uri.setLibraryVersion("");
        RedisClient redisClient = RedisClient.create(uri);
        try {
            // @start region="question-pools"
            CacheNode node = CacheNode.builder().application("campus").redis(redisClient).build();
            MultiLevelCache<String, String> pools = node.region(RegionConfig
                    .builder("question-pools", KeyCodec.strings(), ValueCodec.utf8())
                    .ttl(TtlTier.WARM)                                 // 1 h in Redis, minus up to 10% jitter
                    .maxL1Age(Duration.ofSeconds(30))                  // hard bound on an L1 entry's age
                    .tagOf(key -> key.substring(0, key.indexOf('/')))  // "topic-7/easy" has tag "topic-7"
                    .crossNodeSingleFlight(true)                       // one load per cluster on a miss
                    .build());

            String pool = pools.get("topic-7/easy", key -> database.questionPool(key));

            pools.invalidate("topic-7/easy");   // this key, here and on every other node
            pools.invalidateTag("topic-7");     // every pool of topic 7, without scanning Redis
            node.close();                       // closes the node's connections, not redisClient
            // @end
            assertThat(pool).isEqualTo("[101, 102, 103]");
            assertThat(database.reads).containsEntry("topic-7/easy", 1);
        } finally {
            redisClient.shutdown();
        }
    }
}
