/**
 * JMH benchmarks. Each benchmark starts its servers through the testkit (embedded unless endpoints
 * are configured) and measures Quadrangle against a raw baseline in the same run.
 *
 * <p>Build once with {@code ./mvnw -B -DskipTests package -pl benchmarks -am}, then run for example
 * {@code java -jar benchmarks/target/benchmarks.jar BaselineBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}.
 */
package dev.quadrangle.benchmarks;
