package dev.quadrangle.samples.ops;

/** An operation failed because a server failed (the cause says which and how). */
public final class CampusOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public CampusOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
