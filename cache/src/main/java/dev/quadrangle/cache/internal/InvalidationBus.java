package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheListener;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the invalidation channel ({@link KeyNamespace#invalidationChannel}): a publisher thread that
 * coalesces queued invalidations into one message per region, numbered per region; and the
 * subscription, which applies other nodes' messages, notices sequence gaps, and notices when the
 * subscription connection is lost and re-established.
 */
final class InvalidationBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);
    private static final int BATCH = 4096;

    /** What the bus reports to its node. */
    interface Handler {
        void onMessage(String region, List<InvalidationOp> ops);

        void onGap(String region);

        void onSubscriptionLost();

        void onResubscribed();

        void remember(String region, InvalidationOp op);
    }

    private record Outgoing(String region, InvalidationOp op) {
    }

    private final NodeSettings settings;
    private final RedisGateway redis;
    private final CacheListener listener;
    private final Handler handler;
    private final byte[] channel;
    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final SequenceTracker sequencesSeen = new SequenceTracker();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    /** Guards opening the subscription against closing (a lock, not a monitor: subscribing blocks on the network). */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private final RedisConnectionStateListener stateListener;
    private final Thread publisher;
    private volatile boolean live;
    private volatile boolean running = true;

    /**
     * Starts the publisher; the subscription is opened by {@link #subscribeIfNeeded()}.
     */
    InvalidationBus(NodeSettings settings, RedisGateway redis, CacheListener listener, Handler handler) {
        this.settings = settings;
        this.redis = redis;
        this.listener = listener;
        this.handler = handler;
        this.channel = KeyNamespace.invalidationChannel(settings.application());
        this.stateListener = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == pubsub) {
                    subscriptionLost();
                }
            }
        };
        settings.client().addListener(stateListener);
        this.publisher = new Thread(this::publishLoop, "quadrangle-cache-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Opens the subscription connection and subscribes, unless that is done already; Lettuce
     * re-subscribes by itself after that.
     *
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     * @throws IllegalStateException when the bus is closed
     */
    void subscribeIfNeeded() {
        lifecycle.lock();
        try {
            if (!running) {
                throw new IllegalStateException("the invalidation bus of cache node " + settings.nodeId() + " is closed");
            }
            if (pubsub == null) {
                subscribe();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void subscribe() {
        StatefulRedisPubSubConnection<byte[], byte[]> opened = settings.cluster()
                ? ((RedisClusterClient) settings.client()).connectPubSub(ByteArrayCodec.INSTANCE)
                : ((RedisClient) settings.client()).connectPubSub(ByteArrayCodec.INSTANCE);
        try {
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] ch, byte[] message) {
                    received(message);
                }

                @Override
                public void subscribed(byte[] ch, long count) {
                    subscriptionConfirmed();
                }
            });
            opened.setTimeout(Duration.ofSeconds(10));
            nameConnection(opened);
            pubsub = opened;
            opened.sync().subscribe(channel);
        } catch (RuntimeException e) {
            pubsub = null;
            opened.close();
            throw e;
        }
    }

    /** Names the connection {@code quadrangle-cache:<node>:invalidations} in {@code CLIENT LIST}, for operators. */
    private void nameConnection(StatefulRedisPubSubConnection<byte[], byte[]> connection) {
        try {
            connection.sync().clientSetname(("quadrangle-cache:" + settings.nodeId() + ":invalidations").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.debug("cannot name the invalidation connection of node {}: {}", settings.nodeId(), e.toString());
        }
    }

    /** Whether the subscription is established now. */
    boolean isLive() {
        return live;
    }

    void publish(String region, InvalidationOp op) {
        queue.add(new Outgoing(region, op));
    }

    private void publishLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Outgoing first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.warn("invalidation publisher of node {} failed: {}", settings.nodeId(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Outgoing> batch) {
        Map<String, Set<InvalidationOp>> byRegion = new LinkedHashMap<>();
        for (Outgoing o : batch) {
            byRegion.computeIfAbsent(o.region(), r -> new LinkedHashSet<>()).add(o.op());
        }
        for (Map.Entry<String, Set<InvalidationOp>> e : byRegion.entrySet()) {
            long sequence = sequences.computeIfAbsent(e.getKey(), r -> new AtomicLong()).incrementAndGet();
            byte[] message;
            try {
                message = InvalidationMessage.of(settings.nodeId(), e.getKey(), sequence, e.getValue()).encode();
            } catch (RuntimeException unencodable) {
                // keys and tags are checked to fit, so this is a defect; the other regions of the batch still go out,
                // and this one is invalidated whole once the maintenance thread replays it
                LOG.error("node {} cannot encode the invalidations of region '{}'; invalidating the whole region: {}",
                        settings.nodeId(), e.getKey(), unencodable.toString());
                handler.remember(e.getKey(), InvalidationOp.region(0));
                continue;
            }
            try {
                redis.publish(channel, message);
                listener.onInvalidationSent(e.getKey(), e.getValue().size());
            } catch (RedisUnavailableException failed) {
                // receivers see the skipped sequence number; the invalidations are replayed later
                e.getValue().forEach(op -> handler.remember(e.getKey(), op));
            }
        }
    }

    private void received(byte[] bytes) {
        InvalidationMessage message = InvalidationMessage.decode(bytes);
        if (message == null || message.nodeId().equals(settings.nodeId())) {
            return;
        }
        SequenceTracker.Verdict verdict = sequencesSeen.observe(message.nodeId(), message.region(), message.sequence());
        if (verdict == SequenceTracker.Verdict.REPEAT) {
            return;
        }
        if (verdict == SequenceTracker.Verdict.GAP) {
            LOG.info("node {} missed invalidation message(s) of node {} for region '{}'; flushing the region",
                    settings.nodeId(), message.nodeId(), message.region());
            handler.onGap(message.region());
        }
        handler.onMessage(message.region(), message.ops());
    }

    private void subscriptionConfirmed() {
        live = true;
        if (!subscribedOnce.compareAndSet(false, true)) {
            sequencesSeen.reset();
            handler.onResubscribed();
        }
    }

    private void subscriptionLost() {
        if (live) {
            live = false;
            handler.onSubscriptionLost();
        }
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            running = false;
        } finally {
            lifecycle.unlock();
        }
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.interrupt();
        settings.client().removeListener(stateListener);
        StatefulRedisPubSubConnection<byte[], byte[]> open = pubsub;
        if (open != null) {
            open.close();
        }
    }
}
