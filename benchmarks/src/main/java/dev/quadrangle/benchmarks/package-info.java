/**
 * JMH benchmarks. Each benchmark starts its servers through the testkit (embedded unless endpoints
 * are configured) and measures Quadrangle against a raw baseline in the same run.
 *
 * <p>Build once with {@code ./mvnw -B -DskipTests package -pl benchmarks -am}, then run for example
 * {@code java -jar benchmarks/target/benchmarks.jar BaselineBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}.
 *
 * <p>{@link dev.quadrangle.benchmarks.HotPathBenchmark} is the exception: it measures on a 50-school campus data
 * set that {@link dev.quadrangle.benchmarks.HotPathDataset} builds once into a cache directory and reuses, on
 * its own embedded PostgreSQL primary (Redis still comes from the testkit).
 */
package dev.quadrangle.benchmarks;
