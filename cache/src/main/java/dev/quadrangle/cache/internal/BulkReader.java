package dev.quadrangle.cache.internal;

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
    private final KeyNamespace<K> keys;
    private final L1Store<K, V> l1;
    private final L2Entries<K> l2;
    private final L2Lookup<K, V> lookup;
    private final RegionFill<K, V> fill;
    private final TimedLoads<K, V> loads;

    BulkReader(RegionLoader.Parts<K, V> parts) {
        this.keys = parts.keys();
        this.l1 = parts.l1();
        this.l2 = parts.l2();
        this.lookup = parts.lookup();
        this.fill = parts.fill();
        this.loads = parts.loads();
    }

    Map<K, V> getAll(Collection<? extends K> wanted, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> loader) {
        Map<K, V> found = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        Map<K, L1Entry<V>> present = l1.getAllPresent(wanted);
        for (K key : wanted) {
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
        for (K key : wanted) {
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
            epochs[i] = l1.epoch(missing.get(i));
            redisKeys[i] = keys.entryKey(missing.get(i));
        }
        L2Read[] reads = l2.readAll(missing, redisKeys);
        Set<K> toLoad = new LinkedHashSet<>();
        Map<K, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            K key = missing.get(i);
            Optional<V> hit = lookup.usable(key, reads[i], epochs[i], true);
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
        Map<? extends K, ? extends V> loaded = loads.loadAll(toLoad, loader);
        for (Map.Entry<K, Integer> e : index.entrySet()) {
            V value = loaded.get(e.getKey());
            if (value != null) {
                found.put(e.getKey(), value);
                int i = e.getValue();
                fill.fill(e.getKey(), redisKeys[i], reads[i], Optional.of(value), epochs[i]);
            }
        }
    }
}
