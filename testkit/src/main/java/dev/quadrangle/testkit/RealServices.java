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
 * database per test class, dropped after it), {@link RedisNode} and {@link S3Server}.
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
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServicesExtension.class)
public @interface RealServices {
}
