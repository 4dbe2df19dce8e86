package dev.quadrangle.cache.internal;

import dev.quadrangle.cache.CacheListener;
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
    private final String name;
    private final NodeContext node;
    private final CacheListener listener;
    private final KeyNamespace<K> keys;
    private final L1Store<K, V> l1;
    private final L1Lifetimes<V> lifetimes;
    private final Generations generations;
    private final ValueEncoding<K, V> encoding;
    private final L2Entries<K> l2;
    private final L2Lookup<K, V> lookup;
    private final RegionLoader<K, V> loader;
    private final BulkReader<K, V> bulk;

    DefaultMultiLevelCache(RegionConfig<K, V> config, NodeContext node) {
        this.name = config.name();
        this.node = node;
        this.listener = node.listener();
        this.keys = new KeyNamespace<>(node.application(), config);
        this.l1 = new L1Store<>(config, listener, node.recordsStats(), node.clock());
        this.lifetimes = new L1Lifetimes<>(config, node);
        this.generations = new Generations(node.redis(), keys);
        this.encoding = new ValueEncoding<>(config);
        this.l2 = new L2Entries<>(config, node, keys, generations);
        this.lookup = new L2Lookup<>(name, listener, l2, encoding, l1, lifetimes);
        RegionLoader.Parts<K, V> parts = new RegionLoader.Parts<>(name, keys, l1, l2, lookup,
                new RegionFill<>(l2, encoding, l1, lifetimes), new TimedLoads<>(name, listener),
                config.crossNodeSingleFlight() ? new LoadLeases(node, keys, config.leaseTtl().toMillis()) : null,
                node.backgroundExecutor());
        this.loader = new RegionLoader<>(parts);
        this.bulk = new BulkReader<>(parts);
        generations.resync();
        listener.onRegionCreated(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> valueLoader) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(valueLoader, "loader must not be null");
        L1Entry<V> entry = l1.get(key);
        if (entry != null && !entry.isNegative()) {
            if (lifetimes.dueForRefresh(entry)) {
                loader.reloadInBackground(key, present(valueLoader), false);
            }
            return entry.value;
        }
        keys.check(key);
        return loader.load(key, present(valueLoader), false).orElseThrow();
    }

    /** A get() loader as a find() loader; a null result is the caller's error. */
    private Function<? super K, Optional<? extends V>> present(Function<? super K, ? extends V> valueLoader) {
        return k -> Optional.of(Objects.requireNonNull(valueLoader.apply(k),
                () -> "loader of region '" + name + "' returned null for key " + k));
    }

    @Override
    public Optional<V> find(K key, Function<? super K, Optional<? extends V>> valueLoader) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(valueLoader, "loader must not be null");
        L1Entry<V> entry = l1.get(key);
        if (entry != null) {
            if (lifetimes.dueForRefresh(entry)) {
                loader.reloadInBackground(key, valueLoader, true);
            }
            return Optional.ofNullable(entry.value);
        }
        keys.check(key);
        return loader.load(key, valueLoader, true);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        Objects.requireNonNull(key, "key must not be null");
        L1Entry<V> entry = l1.get(key);
        if (entry != null) {
            return Optional.ofNullable(entry.value);
        }
        long epoch = l1.epoch(key);
        byte[] redisKey = keys.entryKey(key);
        Optional<V> found = lookup.usable(key, l2.read(key, redisKey), epoch, true);
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
        byte[] redisKey = keys.entryKey(key);
        String text = keys.text(key);
        byte[] payload = encoding.encodeForPut(key, value);
        boolean stored = false;
        if (node.redis().isUsable()) {
            try {
                l2.write(key, redisKey, payload);
                stored = true;
            } catch (RedisUnavailableException e) {
                // remembered below and replayed when Redis is back
            }
        }
        l1.write(key, stored ? lifetimes.entry(value) : lifetimes.degradedEntry(value));
        if (stored) {
            node.publish(name, InvalidationOp.key(text));
        } else {
            node.remember(name, InvalidationOp.key(text));
        }
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key must not be null");
        byte[] redisKey = keys.entryKey(key);
        String text = keys.text(key);
        l1.invalidate(key);
        if (markInvalid(redisKey)) {
            node.publish(name, InvalidationOp.key(text));
        } else {
            node.remember(name, InvalidationOp.key(text));
        }
    }

    @Override
    public void invalidateTag(String tag) {
        Objects.requireNonNull(tag, "tag must not be null");
        keys.checkTag(tag);
        l1.invalidateIf(k -> tag.equals(keys.tag(k)));
        try {
            node.publish(name, InvalidationOp.tag(tag, generations.bumpTag(tag)));
        } catch (RedisUnavailableException e) {
            node.remember(name, InvalidationOp.tag(tag, 0));
        }
    }

    @Override
    public void invalidateAll() {
        l1.invalidateAll();
        try {
            node.publish(name, InvalidationOp.region(generations.bumpRegion()));
        } catch (RedisUnavailableException e) {
            node.remember(name, InvalidationOp.region(0));
        }
    }

    @Override
    public long estimatedL1Size() {
        return l1.estimatedSize();
    }

    private boolean markInvalid(byte[] redisKey) {
        try {
            l2.tombstone(redisKey);
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
                    generations.observeTag(op.text(), op.generation());
                    l1.invalidateIf(k -> op.text().equals(keys.tag(k)));
                    break;
                default:
                    generations.observeRegion(op.generation());
                    l1.invalidateAll();
                    break;
            }
        }
        listener.onInvalidationReceived(name, ops.size());
    }

    private void invalidateLocally(String keyText) {
        try {
            l1.invalidate(keys.decode(keyText));
        } catch (RuntimeException e) {
            // the text comes from the channel as written: escaped, so that it cannot add lines to the log
            LOG.warn("region '{}' cannot decode invalidated key '{}' ({}); dropping the whole L1 region", name,
                    Arguments.escape(keyText), Arguments.escape(e.toString()));
            l1.invalidateAll();
        }
    }

    /**
     * Replays invalidations that could not reach Redis during an outage (or, after too many, the
     * whole region); {@code false} when Redis failed again, so the caller keeps them.
     */
    boolean replay(Collection<InvalidationOp> ops, boolean wholeRegion) {
        try {
            if (wholeRegion) {
                node.publish(name, InvalidationOp.region(generations.bumpRegion()));
                return true;
            }
            for (InvalidationOp op : ops) {
                switch (op.kind()) {
                    case InvalidationOp.KEY:
                        l2.tombstone(keys.entryKey(keys.decode(op.text())));
                        node.publish(name, op);
                        break;
                    case InvalidationOp.TAG:
                        node.publish(name, InvalidationOp.tag(op.text(), generations.bumpTag(op.text())));
                        break;
                    default:
                        node.publish(name, InvalidationOp.region(generations.bumpRegion()));
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
        l1.invalidateAll();
        generations.resync();
        listener.onFlush(name, reason);
    }

    /** Shortens every L1 entry's remaining life (invalidations may be missed from now on). */
    void capLifetimes(Duration cap) {
        l1.capLifetimes(cap);
    }
}
