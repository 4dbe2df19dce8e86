package dev.quadrangle.cache.internal;

import io.lettuce.core.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The bulk read of a region: L1 for all keys, one {@code MGET} for the rest (split by slot on a
 * cluster), one call of the bulk loader for what is still missing, then conditional fills.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkReader<K, V> {
    private final RegionCore<K, V> core;

    BulkReader(RegionCore<K, V> core) {
        this.core = core;
    }

    Map<K, V> getAll(Collection<? extends K> keys, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader) {
        Map<K, V> found = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        Map<K, L1Entry<V>> present = core.l1.getAllPresent(keys);
        for (K key : keys) {
            Objects.requireNonNull(key, "keys must not contain null");
            L1Entry<V> entry = present.get(key);
            if (entry == null) {
                missing.add(key);
            } else if (!entry.isNegative()) {
                found.put(key, entry.value);
            }
        }
        if (!missing.isEmpty()) {
            loadMissing(missing, loader, found);
        }
        Map<K, V> ordered = new LinkedHashMap<>();
        for (K key : keys) {
            V value = found.get(key);
            if (value != null) {
                ordered.put(key, value);
            }
        }
        return ordered;
    }

    private void loadMissing(List<K> missing, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader,
            Map<K, V> found) {
        int n = missing.size();
        long[] epochs = new long[n];
        byte[][] redisKeys = new byte[n][];
        for (int i = 0; i < n; i++) {
            epochs[i] = core.l1.epoch(missing.get(i));
            redisKeys[i] = core.keys.entryKey(missing.get(i));
        }
        L2Read[] reads = readAll(missing, redisKeys);
        Set<K> toLoad = new LinkedHashSet<>();
        Map<K, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            K key = missing.get(i);
            Optional<V> hit = core.usable(key, reads[i], epochs[i], true);
            if (hit == null) {
                toLoad.add(key);
                index.put(key, i);
            } else {
                hit.ifPresent(v -> found.put(key, v));
            }
        }
        if (toLoad.isEmpty()) {
            return;
        }
        Map<? extends K, ? extends V> loaded = timedLoad(toLoad, loader);
        for (Map.Entry<K, Integer> e : index.entrySet()) {
            V value = loaded.get(e.getKey());
            if (value != null) {
                found.put(e.getKey(), value);
                int i = e.getValue();
                core.fill(e.getKey(), redisKeys[i], reads[i], Optional.of(value), epochs[i]);
            }
        }
    }

    private L2Read[] readAll(List<K> keys, byte[][] redisKeys) {
        L2Read[] reads = new L2Read[keys.size()];
        java.util.Arrays.fill(reads, L2Read.UNAVAILABLE);
        if (!core.node.redis().isUsable()) {
            return reads;
        }
        try {
            Generations.Snapshot[] gens = new Generations.Snapshot[keys.size()];
            for (int i = 0; i < gens.length; i++) {
                gens[i] = core.generations.current(core.keys.tag(keys.get(i)));
            }
            List<KeyValue<byte[], byte[]>> values = core.node.redis().mget(redisKeys);
            for (int i = 0; i < reads.length && i < values.size(); i++) {
                KeyValue<byte[], byte[]> kv = values.get(i);
                reads[i] = L2Read.of(kv.hasValue() ? kv.getValue() : null, gens[i]);
            }
        } catch (RedisUnavailableException e) {
            java.util.Arrays.fill(reads, L2Read.UNAVAILABLE);
        }
        return reads;
    }

    private Map<? extends K, ? extends V> timedLoad(Set<K> keys, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            Map<? extends K, ? extends V> result = loader.apply(java.util.Collections.unmodifiableSet(keys));
            if (result == null) {
                throw new NullPointerException("bulk loader of region '" + core.name + "' returned null");
            }
            ok = true;
            return result;
        } finally {
            core.listener.onLoad(core.name, System.nanoTime() - start, ok);
        }
    }
}
