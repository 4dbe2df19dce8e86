package dev.quadrangle.samples.modules;

import dev.quadrangle.spi.ContentUnavailableException;
import dev.quadrangle.samples.jdbc.SqlRoutes;
import dev.quadrangle.storage.ContentOffloader;
import dev.quadrangle.storage.StoredContent;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills regions before the load, as a node does when it starts: the students' directory and the answer
 * keys (reference data, one statement each) and the content of the term's active activities, the set students open. A cold
 * content region misses once per activity; at 50 schools that is 6,000 first reads, more than a minute
 * of load reads at all, so without priming a short run measures first reads rather than the cache.
 * Content goes through the region's bulk path ({@code getAll}: L1, then Redis, then one query per chunk
 * and the offloaded objects from S3), chunks on a few threads.
 */
final class CachePriming {
    /** Activities per bulk read. */
    static final int CHUNK = 200;
    /** Threads that read chunks (S3 reads are the slow part). */
    static final int THREADS = 4;
    private static final String ACTIVE_IDS = "SELECT id FROM activities WHERE term_id = ? AND status = 'ACTIVE' ORDER BY id";
    private static final String CONTENTS = "SELECT id, content::text, content_ref FROM activities WHERE id = ANY (?)";

    private CachePriming() {
    }

    /**
     * What priming did.
     *
     * @param students students put into the directory
     * @param answerKeys questions' answer keys put into their region
     * @param contents activity contents now in the content region
     * @param fromS3 of those, how many were read from S3
     * @param millis how long it took
     */
    record Result(int students, int answerKeys, int contents, int fromS3, long millis) {
    }

    static Result prime(SqlRoutes routes, ModuleCaches caches, ContentOffloader offloader, int termId)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        Map<Long, ModuleCaches.Student> all = StudentLookups.allStudents(routes);
        fill(caches.students(), all);
        Map<Long, ModuleCaches.AnswerKey> keys = StudentLookups.allAnswerKeys(routes);
        fill(caches.answerKeys(), keys);
        List<Long> ids = activeActivities(routes, termId);
        AtomicInteger fromS3 = new AtomicInteger();
        AtomicInteger contents = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "quadrangle-samples-cache-priming");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> chunks = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += CHUNK) {
                List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
                chunks.add(pool.submit(() -> contents.addAndGet(caches.content().getAll(chunk,
                        missing -> load(routes, offloader, missing, fromS3)).size())));
            }
            for (Future<?> f : chunks) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("priming the content region failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return new Result(all.size(), keys.size(), contents.get(), fromS3.get(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Puts reference data through the region's bulk path, 1,000 keys at a time. */
    private static <V> void fill(dev.quadrangle.cache.MultiLevelCache<Long, V> region, Map<Long, V> values) {
        List<Long> ids = new ArrayList<>(values.keySet());
        for (int i = 0; i < ids.size(); i += 1_000) {
            region.getAll(ids.subList(i, Math.min(ids.size(), i + 1_000)), missing -> {
                Map<Long, V> found = new HashMap<>();
                missing.forEach(id -> found.put(id, values.get(id)));
                return found;
            });
        }
    }

    private static List<Long> activeActivities(SqlRoutes routes, int termId) throws SQLException {
        return routes.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(ACTIVE_IDS)) {
                ps.setInt(1, termId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    private static Map<Long, String> load(SqlRoutes routes, ContentOffloader offloader, Set<Long> ids,
            AtomicInteger fromS3) {
        Map<Long, String[]> columns;
        try {
            columns = routes.read(c -> {
                Map<Long, String[]> rows = new HashMap<>();
                Array array = c.createArrayOf("bigint", ids.toArray(Long[]::new));
                try (PreparedStatement ps = c.prepareStatement(CONTENTS)) {
                    ps.setArray(1, array);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                        }
                    }
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading activity content failed: " + e.getMessage(), e);
        }
        Map<Long, String> result = new HashMap<>();
        for (Map.Entry<Long, String[]> e : columns.entrySet()) {
            StoredContent stored = StoredContent.fromColumns(e.getValue()[0], e.getValue()[1]);
            try {
                result.put(e.getKey(), new String(offloader.read(ModuleCampusOperations.CONTENT_TENANT, stored),
                        StandardCharsets.UTF_8));
                if (stored.ref().isPresent()) {
                    fromS3.incrementAndGet();
                }
            } catch (ContentUnavailableException unavailable) {
                // left out: the first read of this activity loads it
            }
        }
        return result;
    }
}
