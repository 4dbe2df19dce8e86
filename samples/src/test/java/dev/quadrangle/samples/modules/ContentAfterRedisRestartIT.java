package dev.quadrangle.samples.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quadrangle.samples.jdbc.CampusFixture;
import dev.quadrangle.samples.schema.CampusCalendar;
import dev.quadrangle.testkit.RealServices;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import dev.quadrangle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Regression: the chaos run's content reads failed when Redis restarted empty (every cache region is
 * flushed after an outage) and S3 stopped before the content region filled again, because the flushed
 * region was the only copy of the offloaded bytes in the process. The offloader now keeps its own cache of
 * verified, content-addressed bytes, which needs no invalidation and survives the flush.
 */
@RealServices
class ContentAfterRedisRestartIT {

    @Test
    void offloadedContentIsStillReadAfterRedisRestartsEmptyAndS3Stops(TestDatabase db, RedisNode redis, S3Server s3)
            throws Exception {
        assumeTrue(redis.controllable() && s3.controllable(), "the services are external endpoints");
        CampusFixture.load(db, 1);
        try (ModuleCampusBackend backend = ModuleCampusBackend.open(CampusFixture.endpoints(db), 6, redis, s3)) {
            ContentOffloadPass.run(db.primary(), backend.offloader());
            backend.primeCaches(CampusCalendar.CURRENT_TERM);
            List<Long> offloaded = offloadedActiveActivities(db);
            assertThat(offloaded).as("offloaded active activities of the current term").isNotEmpty();
            Map<Long, String> before = new LinkedHashMap<>();
            for (long id : offloaded) {
                before.put(id, backend.operations().activityContent(id).orElseThrow());
            }

            redis.restart();
            // every one of the six regions flushed for one reason (a flush goes region by region)
            Pattern wholeFlush = Pattern.compile(".*(SUBSCRIPTION_LOST|REDIS_RECOVERED)=([6-9]|\\d{2,}).*");
            await("the cache node to use Redis again and flush every region", Duration.ofSeconds(60), () -> {
                String cacheLine = backend.degradations().stream().filter(l -> l.startsWith("cache: Redis breaker"))
                        .findFirst().orElse("");
                return cacheLine.endsWith("Redis available now: true") && wholeFlush.matcher(cacheLine).matches();
            });
            s3.stop();
            try {
                Map<Long, String> after = new LinkedHashMap<>();
                for (long id : offloaded) {
                    after.put(id, backend.operations().activityContent(id).orElseThrow());
                }
                System.out.printf("content of %d offloaded activities read with Redis restarted empty and S3 stopped:%n%s%n",
                        after.size(), String.join("\n", backend.degradations()));
                assertThat(after).isEqualTo(before);
                assertThat(backend.degradations()).contains(
                        "storage: 0 content reads failed with S3 content unavailable (not in any cache)");
            } finally {
                s3.start();
            }
        }
    }

    private static List<Long> offloadedActiveActivities(TestDatabase db) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.primary().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM activities WHERE term_id = ? AND status = 'ACTIVE' AND content_ref IS NOT NULL ORDER BY id")) {
            ps.setInt(1, CampusCalendar.CURRENT_TERM);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
