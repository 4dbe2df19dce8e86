package dev.quadrangle.core.partition;

/**
 * Thrown when partition maintenance fails: a statement the database refused, a lock not obtained
 * after every retry, or an archive that could not be verified. The table is left consistent; the next
 * run resumes where this one stopped.
 */
public class PartitionMaintenanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the table and partition
     * @param cause the underlying failure, may be {@code null}
     */
    public PartitionMaintenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
