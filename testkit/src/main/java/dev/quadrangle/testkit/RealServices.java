package dev.quadrangle.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class real services as parameters of its constructor, test methods and
 * lifecycle methods: {@link PostgresCluster}, {@link PostgresStandby}, {@link TestDatabase} (one fresh
 * database per test class, dropped after it), {@link RedisNode}, {@link S3Server} and {@link PostgresTopology}
 * (a dedicated primary with several standbys, one per test class).
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#real-services -->
 * <pre>{@code
 * @RealServices
 * class ReplicationIT {
 *     @Test
 *     void standbyIsInRecovery(TestDatabase db) throws SQLException {
 *         try (Connection c = db.standby().getConnection()) {
 *             // ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>After each test class, every controllable service that the class left stopped is started again
 * and the standby's replay delay is reset, so classes do not depend on each other's leftovers.
 *
 * <p>A class that takes a {@link PostgresTopology} parameter gets a dedicated topology of one primary and
 * {@link #standbys()} standbys replicating in {@link #replication()} mode, started on first use, shared by
 * the class's tests and lifecycle methods, and closed after the class, so the next class starts from a
 * clean topology. The two attributes configure only that topology: {@link PostgresCluster},
 * {@link PostgresStandby} and {@link TestDatabase} parameters stay the shared single-standby cluster.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#real-services-topology -->
 * <pre>{@code
 * @RealServices(standbys = 2, replication = ReplicationMode.SYNC)
 * class FailoverIT {
 *     @Test
 *     void promotesTheFirstStandby(PostgresTopology topology) {
 *         topology.promote(topology.node("node2"));
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServicesExtension.class)
public @interface RealServices {

    /**
     * How many standbys a {@link PostgresTopology} parameter gets, 1 to {@link PostgresTopology#MAX_STANDBYS};
     * {@link PostgresTopology#DEFAULT_STANDBYS} unless set.
     *
     * @return the number of standbys
     */
    int standbys() default PostgresTopology.DEFAULT_STANDBYS;

    /**
     * How a {@link PostgresTopology} parameter's primary replicates to its standbys at the start.
     *
     * @return the replication mode, {@link ReplicationMode#ASYNC} unless set
     */
    ReplicationMode replication() default ReplicationMode.ASYNC;
}
