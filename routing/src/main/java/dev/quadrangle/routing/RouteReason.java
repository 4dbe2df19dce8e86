package dev.quadrangle.routing;

/**
 * Why a connection went where it went; the {@link #tag()} is the {@code reason} tag of the
 * {@code quadrangle.routing.connections} metric.
 */
public enum RouteReason {
    /** A read-write connection: the primary. */
    READ_WRITE("read_write"),
    /** A read-only connection ({@code setReadOnly(true)} or a read-only unit of work): a replica. */
    READ_ONLY("read_only"),
    /** An explicit scope decided: {@code onPrimary} or {@code onReplica}. */
    SCOPE("scope"),
    /** A read kept on the primary because no replica had replayed the scope's last write yet. */
    STICKY_AFTER_WRITE("sticky_after_write"),
    /** A read on the primary because no replica was eligible. */
    FALLBACK("fallback"),
    /** An idempotent read retried on another server after a connection error. */
    RETRY("retry");

    private final String tag;

    RouteReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag value, lowercase with underscores. */
    public String tag() {
        return tag;
    }
}
