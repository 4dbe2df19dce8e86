/**
 * Real services for Quadrangle's tests, samples and benchmarks: a PostgreSQL primary with a
 * streaming-replication hot standby, a Redis server and an S3-compatible server.
 *
 * <p>{@link dev.quadrangle.testkit.QuadrangleServices} is the plain Java entry point; JUnit 5 tests
 * annotate their class with {@link dev.quadrangle.testkit.RealServices} and receive the services as
 * parameters. Each service is resolved once per JVM, in this order:
 * <ol>
 *   <li>explicit endpoints from environment variables or system properties
 *       (see {@link dev.quadrangle.testkit.ServiceSettings});</li>
 *   <li>Testcontainers, when a Docker engine answers;</li>
 *   <li>embedded, in-process, with nothing installed, on random free loopback ports.</li>
 * </ol>
 *
 * <p>Failover tests get a {@link dev.quadrangle.testkit.PostgresTopology} instead: a dedicated, always embedded
 * primary with several streaming standbys, which the test promotes, re-points and rejoins.
 *
 * <p>Citus, for the tests of write scale-out, is never started: {@link dev.quadrangle.testkit.RealCitus} classes
 * run against the coordinator named by {@link dev.quadrangle.testkit.ServiceSettings#CITUS_URL} and are skipped
 * without one.
 */
package dev.quadrangle.testkit;
