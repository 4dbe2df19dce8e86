package dev.quadrangle.spring.boot.autoconfigure.partition;

import dev.quadrangle.core.batch.BatchWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@link BatchWriter} front that takes part in Spring-managed transactions: a row written inside a
 * transaction is held until the transaction commits and then queued (written in the writer's next
 * batch, on its own thread and connection); on rollback it is dropped. Outside a transaction rows are
 * queued at once. Thread-safe; the rows of one transaction belong to its thread.
 */
public final class TransactionBoundBatchWriter {
    private final BatchWriter writer;

    /**
     * A front over a writer.
     *
     * @param writer the writer, owned and closed by the caller
     */
    public TransactionBoundBatchWriter(BatchWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Writes a row now, or when the current transaction commits.
     *
     * @param row the row, in the spec's column order
     * @throws dev.quadrangle.core.batch.BatchWriterFullException when the writer's queue stays full (at
     *     once outside a transaction; after the commit, from the committing thread, inside one)
     */
    public void write(Object[] row) {
        Objects.requireNonNull(row, "row");
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            writer.write(row);
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.rows.add(row);
    }

    /**
     * The writer behind this front.
     *
     * @return the writer
     */
    public BatchWriter writer() {
        return writer;
    }

    /** The rows of one transaction. */
    private final class Pending implements TransactionSynchronization {
        private final List<Object[]> rows = new ArrayList<>();

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TransactionBoundBatchWriter.this);
            if (status == STATUS_COMMITTED) {
                rows.forEach(writer::write);
            }
            rows.clear();
        }
    }
}
