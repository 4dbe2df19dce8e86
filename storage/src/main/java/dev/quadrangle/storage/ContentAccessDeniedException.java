package dev.quadrangle.storage;

/**
 * Thrown when a reference is resolved for a tenant it does not belong to, or points outside the
 * offloader's store and key prefix. Nothing is read from the store.
 */
public class ContentAccessDeniedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which reference and which tenant
     */
    public ContentAccessDeniedException(String message) {
        super(message);
    }
}
