package dev.quadrangle.samples.chaos;

import dev.quadrangle.samples.load.TimedAction;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The faults a {@code --chaos} run injects, at fixed fractions of the run: the standby is stopped
 * from 20 % to 50 %, Redis is restarted at 35 %, the S3 server is stopped from 55 % to 80 %. The
 * primary is never touched: every acknowledged answer must survive.
 *
 * <p>A service the testkit cannot control (an external endpoint) is left alone, and the step says so.
 * A plan for a backend that uses only PostgreSQL ({@link #ChaosPlan(PostgresCluster)}) has the standby
 * steps only: stopping services the backend does not use would test nothing. Immutable and thread-safe.
 */
public final class ChaosPlan {
    /** Step names, as they appear in reports. */
    public static final String STOP_STANDBY = "stop standby";
    /** Step name. */
    public static final String START_STANDBY = "start standby";
    /** Step name. */
    public static final String RESTART_REDIS = "restart Redis";
    /** Step name. */
    public static final String STOP_S3 = "stop S3";
    /** Step name. */
    public static final String START_S3 = "start S3";

    private final PostgresCluster postgres;
    private final RedisNode redis;
    private final S3Server s3;

    /**
     * A plan over the services.
     *
     * @param postgres the cluster whose standby is stopped
     * @param redis the Redis server to restart
     * @param s3 the S3 server to stop
     */
    public ChaosPlan(PostgresCluster postgres, RedisNode redis, S3Server s3) {
        this.postgres = Objects.requireNonNull(postgres, "postgres");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /**
     * A plan for a backend that uses only PostgreSQL: the standby is stopped and started, nothing else.
     *
     * @param postgres the cluster whose standby is stopped
     */
    public ChaosPlan(PostgresCluster postgres) {
        this.postgres = Objects.requireNonNull(postgres, "postgres");
        this.redis = null;
        this.s3 = null;
    }

    /**
     * The steps for a run of a given length.
     *
     * @param duration the run's length
     * @return the steps, in time order
     */
    public List<TimedAction> actions(Duration duration) {
        List<TimedAction> steps = new ArrayList<>();
        steps.add(new TimedAction(at(duration, 20), STOP_STANDBY, () -> {
            if (!postgres.standby().controllable()) {
                return "skipped: the standby is an external endpoint";
            }
            postgres.standby().stop();
            return "standby stopped; reads fall back to the primary";
        }));
        if (redis != null) {
            steps.add(new TimedAction(at(duration, 35), RESTART_REDIS, () -> {
                if (!redis.controllable()) {
                    return "skipped: Redis is an external endpoint";
                }
                redis.restart();
                return "Redis restarted with an empty data set";
            }));
        }
        steps.add(new TimedAction(at(duration, 50), START_STANDBY, () -> {
            if (!postgres.standby().controllable()) {
                return "skipped: the standby is an external endpoint";
            }
            postgres.standby().start();
            return "standby started; it catches up by streaming";
        }));
        if (s3 != null) {
            steps.add(new TimedAction(at(duration, 55), STOP_S3, () -> {
                if (!s3.controllable()) {
                    return "skipped: S3 is an external endpoint";
                }
                s3.stop();
                return "S3 server stopped";
            }));
            steps.add(new TimedAction(at(duration, 80), START_S3, () -> {
                if (!s3.controllable()) {
                    return "skipped: S3 is an external endpoint";
                }
                s3.start();
                return "S3 server started";
            }));
        }
        return List.copyOf(steps);
    }

    private static Duration at(Duration duration, int percent) {
        return Duration.ofMillis(duration.toMillis() * percent / 100);
    }
}
