/**
 * Write paths for high volumes: {@link dev.quadrangle.core.batch.BatchWriter} (bounded queue, COPY
 * batches, back-pressure), {@link dev.quadrangle.core.batch.CounterTable} (merged counter increments) and
 * {@link dev.quadrangle.core.batch.MaterializedViewRefresher} (one node at a time, concurrently).
 */
package dev.quadrangle.core.batch;
