package dev.quadrangle.samples.chaos;

import dev.quadrangle.samples.load.TimedAction;
import dev.quadrangle.testkit.PostgresCluster;
import dev.quadrangle.testkit.PostgresNode;
import dev.quadrangle.testkit.PostgresTopology;
import dev.quadrangle.testkit.RedisNode;
import dev.quadrangle.testkit.S3Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The faults a {@code --chaos} run injects, at fixed fractions of the run: the standby is stopped
 * from 20 % to 50 %, Redis is restarted at 35 %, the S3 server is stopped from 55 % to 80 %. The
 * primary is never touched: every acknowledged answer must survive.
 *
 * <p>A failover plan ({@link #failover}) over a {@link PostgresTopology} with a synchronous standby fails
 * the primary over instead of stopping the standby: at 20 % the primary is stopped, one second later the
 * standby is promoted (as an HA tool would), and at 50 % the old primary rejoins as a standby of the new
 * one. Every acknowledged answer must then be stored on the new primary.
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
    /** Step name. */
    public static final String STOP_PRIMARY = "stop primary";
    /** Step name. */
    public static final String PROMOTE_STANDBY = "promote standby";
    /** Step name. */
    public static final String REJOIN_OLD_PRIMARY = "rejoin old primary";
    /** How long after the primary's stop the standby is promoted, as an HA tool's failure detection would. */
    public static final Duration PROMOTION_DELAY = Duration.ofSeconds(1);

    private final PostgresCluster postgres;
    private final RedisNode redis;
    private final S3Server s3;
    private final PostgresTopology topology;
    private final FailoverWatch watch;

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
        this.topology = null;
        this.watch = null;
    }

    private ChaosPlan(PostgresTopology topology, RedisNode redis, S3Server s3, FailoverWatch watch) {
        this.postgres = null;
        this.topology = topology;
        this.redis = redis;
        this.s3 = s3;
        this.watch = watch;
    }

    /**
     * A plan that fails the topology's primary over to its first standby, restarts Redis and stops S3.
     *
     * @param topology the topology, embedded (it always is), with at least one standby
     * @param redis the Redis server to restart
     * @param s3 the S3 server to stop
     * @param watch told when the primary's stop began and when the standby answered as a primary
     * @return the plan
     */
    public static ChaosPlan failover(PostgresTopology topology, RedisNode redis, S3Server s3, FailoverWatch watch) {
        return new ChaosPlan(Objects.requireNonNull(topology, "topology"), Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(watch, "watch"));
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
        this.topology = null;
        this.watch = null;
    }

    /**
     * The steps for a run of a given length.
     *
     * @param duration the run's length
     * @return the steps, in time order
     */
    public List<TimedAction> actions(Duration duration) {
        List<TimedAction> steps = new ArrayList<>();
        if (topology != null) {
            failoverSteps(duration, steps);
        } else {
            standbySteps(duration, steps);
        }
        if (redis != null) {
            steps.add(new TimedAction(at(duration, 35), RESTART_REDIS, () -> {
                if (!redis.controllable()) {
                    return "skipped: Redis is an external endpoint";
                }
                redis.restart();
                return "Redis restarted with an empty data set";
            }));
        }
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
        steps.sort(java.util.Comparator.comparing(TimedAction::at));
        return List.copyOf(steps);
    }

    private void failoverSteps(Duration duration, List<TimedAction> steps) {
        // the nodes are chosen when the steps run: the primary and first standby at the stop
        AtomicReference<PostgresNode> oldPrimary = new AtomicReference<>();
        AtomicReference<PostgresNode> newPrimary = new AtomicReference<>();
        Duration stopAt = at(duration, 20);
        steps.add(new TimedAction(stopAt, STOP_PRIMARY, () -> {
            PostgresNode primary = topology.primary();
            newPrimary.set(topology.standbys().get(0));
            oldPrimary.set(primary);
            watch.primaryStopping();
            primary.stop();
            return primary.name() + " (primary) stopped; writes wait for a writer, reads go on from "
                    + newPrimary.get().name();
        }));
        steps.add(new TimedAction(stopAt.plus(PROMOTION_DELAY), PROMOTE_STANDBY, () -> {
            PostgresNode standby = Objects.requireNonNull(newPrimary.get(), "the primary was not stopped");
            topology.promote(standby);
            watch.promoted();
            return standby.name() + " promoted; it answers as the primary";
        }));
        steps.add(new TimedAction(at(duration, 50), REJOIN_OLD_PRIMARY, () -> {
            PostgresNode old = Objects.requireNonNull(oldPrimary.get(), "the primary was not stopped");
            topology.rejoinAsStandby(old, newPrimary.get());
            return old.name() + " rejoined as a " + topology.replicationMode().toString().toLowerCase(
                    java.util.Locale.ROOT) + " standby of " + newPrimary.get().name() + " (fresh base backup)";
        }));
    }

    private void standbySteps(Duration duration, List<TimedAction> steps) {
        steps.add(new TimedAction(at(duration, 20), STOP_STANDBY, () -> {
            if (!postgres.standby().controllable()) {
                return "skipped: the standby is an external endpoint";
            }
            postgres.standby().stop();
            return "standby stopped; reads fall back to the primary";
        }));
        steps.add(new TimedAction(at(duration, 50), START_STANDBY, () -> {
            if (!postgres.standby().controllable()) {
                return "skipped: the standby is an external endpoint";
            }
            postgres.standby().start();
            return "standby started; it catches up by streaming";
        }));
    }

    private static Duration at(Duration duration, int percent) {
        return Duration.ofMillis(duration.toMillis() * percent / 100);
    }
}
