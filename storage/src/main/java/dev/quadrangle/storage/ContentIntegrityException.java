package dev.quadrangle.storage;

/**
 * Thrown when offloaded content does not match its reference: a different SHA-256 or size, a missing
 * object, or bytes that are not valid for the reference's codec. It means the object was changed or
 * lost behind Quadrangle's back; retrying does not help.
 */
public class ContentIntegrityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which object and what did not match
     * @param cause the underlying failure, may be {@code null}
     */
    public ContentIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
