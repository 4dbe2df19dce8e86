package dev.quadrangle.spi;

/**
 * Thrown when a {@link ContentStore} cannot be reached (down, timing out, circuit open); metadata
 * queries keep working, only content reads and writes fail with it.
 */
public class ContentUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted and why it failed
     * @param cause the underlying failure, may be {@code null}
     */
    public ContentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
