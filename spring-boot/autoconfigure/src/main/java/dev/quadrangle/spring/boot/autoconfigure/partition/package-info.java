/**
 * Partitions and repositories in a Spring Boot application: a {@code PartitionManager} over the
 * application's {@code DataSource} whose maintenance of every {@code PartitionSpec} bean runs on a
 * schedule (one node at a time, through the manager's advisory lock), and repositories, counter tables
 * and batch writers that take part in Spring-managed transactions.
 */
package dev.quadrangle.spring.boot.autoconfigure.partition;
