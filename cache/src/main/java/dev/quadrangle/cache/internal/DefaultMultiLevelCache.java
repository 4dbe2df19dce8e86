package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.FlushReason;
import dev.quadrangle.cache.MultiLevelCache;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.spi.Arguments;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region of a {@link DefaultCacheNode}: the public operations, and the handling of invalidations
 * that arrive from other nodes or are replayed after an outage.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DefaultMultiLevelCache<K, V> implements MultiLevelCache<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMultiLevelCache.class);
    private final RegionCore<K, V> core;
    private final RegionLoader<K, V> loader;
    private final BulkReader<K, V> bulk;
    private final long refreshNanos;

    DefaultMultiLevelCache(RegionConfig<K, V> config, NodeContext node) {
        this.core = new RegionCore<>(config, node);
        this.loader = new RegionLoader<>(core);
        this.bulk = new BulkReader<>(core);
        this.refreshNanos = config.refreshAfterWrite().toNanos();
        core.generations.resync();
    }

    @Override
    public String name() {
        return core.name;
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> valueLoader) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(valueLoader, "loader must not be null");
        L1Entry<V> entry = core.l1.get(key);
        if (entry != null && !entry.isNegative()) {
            if (refreshNanos > 0 && System.nanoTime() - entry.cachedAtNanos > refreshNanos) {
                loader.reloadInBackground(key, present(valueLoader), false);
            }
            return entry.value;
        }
        core.keys.check(key);
        return loader.load(key, present(valueLoader), false).orElseThrow();
    }

    /** A get() loader as a find() loader; a null result is the caller's error. */
    private Function<? super K, Optional<? extends V>> present(Function<? super K, ? extends V> valueLoader) {
        return k -> Optional.of(Objects.requireNonNull(valueLoader.apply(k),
                () -> "loader of region '" + core.name + "' returned null for key " + k));
    }

    @Override
    public Optional<V> find(K key, Function<? super K, Optional<? extends V>> valueLoader) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(valueLoader, "loader must not be null");
        L1Entry<V> entry = core.l1.get(key);
        if (entry != null) {
            if (refreshNanos > 0 && System.nanoTime() - entry.cachedAtNanos > refreshNanos) {
                loader.reloadInBackground(key, valueLoader, true);
            }
            return Optional.ofNullable(entry.value);
        }
        core.keys.check(key);
        return loader.load(key, valueLoader, true);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        Objects.requireNonNull(key, "key must not be null");
        L1Entry<V> entry = core.l1.get(key);
        if (entry != null) {
            return Optional.ofNullable(entry.value);
        }
        long epoch = core.l1.epoch(key);
        byte[] redisKey = core.keys.entryKey(key);
        Optional<V> found = core.usable(key, core.read(key, redisKey), epoch, true);
        return found == null ? Optional.empty() : found;
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        Objects.requireNonNull(keys, "keys must not be null");
        Objects.requireNonNull(bulkLoader, "loader must not be null");
        return bulk.getAll(keys, bulkLoader);
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        byte[] redisKey = core.keys.entryKey(key);
        String text = core.keys.text(key);
        byte[] payload = core.encodeForPut(key, value);
        boolean stored = false;
        if (core.node.redis().isUsable()) {
            try {
                long now = System.currentTimeMillis();
                long ttl = core.jitteredTtlMillis();
                byte[] envelope = core.valueEnvelope(core.generations.current(core.keys.tag(key)), now, ttl, payload);
                core.node.redis().set(redisKey, envelope, core.redisTtlMillis(ttl));
                stored = true;
            } catch (RedisUnavailableException e) {
                // remembered below and replayed when Redis is back
            }
        }
        core.l1.write(key, stored ? core.entry(value) : core.entry(value, core.node.degradedL1TtlNanos()));
        if (stored) {
            core.node.publish(core.name, InvalidationOp.key(text));
        } else {
            core.node.remember(core.name, InvalidationOp.key(text));
        }
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key must not be null");
        byte[] redisKey = core.keys.entryKey(key);
        String text = core.keys.text(key);
        core.l1.invalidate(key);
        if (markInvalid(redisKey)) {
            core.node.publish(core.name, InvalidationOp.key(text));
        } else {
            core.node.remember(core.name, InvalidationOp.key(text));
        }
    }

    @Override
    public void invalidateTag(String tag) {
        Objects.requireNonNull(tag, "tag must not be null");
        core.keys.checkTag(tag);
        core.l1.invalidateIf(k -> tag.equals(core.keys.tag(k)));
        try {
            core.node.publish(core.name, InvalidationOp.tag(tag, core.generations.bumpTag(tag)));
        } catch (RedisUnavailableException e) {
            core.node.remember(core.name, InvalidationOp.tag(tag, 0));
        }
    }

    @Override
    public void invalidateAll() {
        core.l1.invalidateAll();
        try {
            core.node.publish(core.name, InvalidationOp.region(core.generations.bumpRegion()));
        } catch (RedisUnavailableException e) {
            core.node.remember(core.name, InvalidationOp.region(0));
        }
    }

    @Override
    public long estimatedL1Size() {
        return core.l1.estimatedSize();
    }

    private boolean markInvalid(byte[] redisKey) {
        try {
            core.node.redis().set(redisKey, Envelope.tombstone(), core.config.tombstoneTtl().toMillis());
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    /** Applies invalidations published by another node. */
    void applyRemote(List<InvalidationOp> ops) {
        for (InvalidationOp op : ops) {
            switch (op.kind()) {
                case InvalidationOp.KEY:
                    invalidateLocally(op.text());
                    break;
                case InvalidationOp.TAG:
                    core.generations.observeTag(op.text(), op.generation());
                    core.l1.invalidateIf(k -> op.text().equals(core.keys.tag(k)));
                    break;
                default:
                    core.generations.observeRegion(op.generation());
                    core.l1.invalidateAll();
                    break;
            }
        }
        core.listener.onInvalidationReceived(core.name, ops.size());
    }

    private void invalidateLocally(String keyText) {
        try {
            core.l1.invalidate(core.keys.decode(keyText));
        } catch (RuntimeException e) {
            // the text comes from the channel as written: escaped, so that it cannot add lines to the log
            LOG.warn("region '{}' cannot decode invalidated key '{}' ({}); dropping the whole L1 region", core.name,
                    Arguments.escape(keyText), Arguments.escape(e.toString()));
            core.l1.invalidateAll();
        }
    }

    /**
     * Replays invalidations that could not reach Redis during an outage (or, after too many, the
     * whole region); {@code false} when Redis failed again, so the caller keeps them.
     */
    boolean replay(Collection<InvalidationOp> ops, boolean wholeRegion) {
        try {
            if (wholeRegion) {
                core.node.publish(core.name, InvalidationOp.region(core.generations.bumpRegion()));
                return true;
            }
            for (InvalidationOp op : ops) {
                switch (op.kind()) {
                    case InvalidationOp.KEY:
                        core.node.redis().set(core.keys.entryKey(core.keys.decode(op.text())), Envelope.tombstone(),
                                core.config.tombstoneTtl().toMillis());
                        core.node.publish(core.name, op);
                        break;
                    case InvalidationOp.TAG:
                        core.node.publish(core.name, InvalidationOp.tag(op.text(), core.generations.bumpTag(op.text())));
                        break;
                    default:
                        core.node.publish(core.name, InvalidationOp.region(core.generations.bumpRegion()));
                        break;
                }
            }
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    /** Drops the whole L1 region and re-reads its generations (invalidations may have been missed). */
    void flush(FlushReason reason) {
        core.l1.invalidateAll();
        core.generations.resync();
        core.listener.onFlush(core.name, reason);
    }

    /** Shortens every L1 entry's remaining life (invalidations may be missed from now on). */
    void capLifetimes(Duration cap) {
        core.l1.capLifetimes(cap);
    }
}
