package dev.quadrangle.cache.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Redis leases of cross-node single flight: the node that takes a key's lease loads it, the others
 * wait for its fill. A lease carries a random token so that only its holder releases it, and expires by
 * itself after {@code leaseTtl} (real time) if the holder dies or loses Redis.
 */
final class LoadLeases {
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private final RedisGateway redis;
    private final KeyNamespace<?> keys;
    private final String nodeId;
    private final long leaseMillis;

    LoadLeases(NodeContext node, KeyNamespace<?> keys, long leaseMillis) {
        this.redis = node.redis();
        this.keys = keys;
        this.nodeId = node.nodeId();
        this.leaseMillis = leaseMillis;
    }

    /** How long a lease lives, and how long a waiter waits for its holder, in milliseconds. */
    long leaseMillis() {
        return leaseMillis;
    }

    /** Takes the lease of an entry; {@code null} when another node holds it. */
    byte[] tryAcquire(byte[] redisKey) throws RedisUnavailableException {
        byte[] token = (nodeId + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong())).getBytes(StandardCharsets.UTF_8);
        return redis.setIfAbsent(keys.leaseKey(redisKey), token, leaseMillis) ? token : null;
    }

    /** Releases a lease this node holds ({@code token} from {@link #tryAcquire}); nothing for {@code null}. */
    void release(byte[] redisKey, byte[] token) {
        if (token == null) {
            return;
        }
        try {
            redis.eval("release-lease", RELEASE, keys.leaseKey(redisKey), token);
        } catch (RedisUnavailableException e) {
            // the lease expires by itself after leaseTtl
        }
    }
}
