package dev.quadrangle.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against a real Citus coordinator and gives it {@link CitusDatabase} (one fresh
 * single-node Citus database per test class, dropped after it) and {@link CitusCoordinator} as parameters of
 * its constructor, test methods and lifecycle methods.
 *
 * <p>Citus is never started by the testkit: the class runs when {@link ServiceSettings#CITUS_URL} names a
 * coordinator and is skipped otherwise, with the reason in the test report. Combine it with
 * {@link RealServices} for the other services.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#real-citus -->
 * <pre>{@code
 * @RealCitus
 * class GradesOnCitusIT {
 *     @Test
 *     void distributes(CitusDatabase db) throws SQLException {
 *         try (Connection c = db.dataSource().getConnection()) {
 *             // ...
 *         }
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealCitusExtension.class)
public @interface RealCitus {
}
