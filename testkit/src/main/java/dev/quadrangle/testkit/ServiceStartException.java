package dev.quadrangle.testkit;

/**
 * Thrown when a test service cannot be started or reached; the message names the service, the
 * cause and what to set instead.
 */
public final class ServiceStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for a service that could not be started.
     *
     * @param service the service, e.g. {@code "PostgreSQL standby"}
     * @param mode how it was being provided
     * @param remedy what the user can set or do instead
     * @param cause the underlying failure, may be {@code null}
     */
    public ServiceStartException(String service, ServiceMode mode, String remedy, Throwable cause) {
        super(service + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ") could not be started: "
                + (cause == null ? "unknown cause" : cause.getMessage()) + ". " + remedy, cause);
    }
}
