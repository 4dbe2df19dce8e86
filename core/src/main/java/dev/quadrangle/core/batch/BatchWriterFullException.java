package dev.quadrangle.core.batch;

/**
 * Thrown by {@link BatchWriter#write} when the queue stayed full for the whole offer timeout: the
 * database is not keeping up, and the caller must slow down or shed load. The row was not queued.
 */
public class BatchWriterFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the writer, its capacity and how long the caller waited
     */
    public BatchWriterFullException(String message) {
        super(message);
    }
}
