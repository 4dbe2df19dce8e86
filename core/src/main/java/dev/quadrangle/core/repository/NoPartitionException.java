package dev.quadrangle.core.repository;

/**
 * Thrown when a row's partition key has no partition to go to (and the table has no DEFAULT
 * partition). The message names the table, the key value and the spec; nothing was written.
 */
public class NoPartitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final String keyValue;

    /**
     * Creates the exception.
     *
     * @param table the parent table
     * @param keyValue the key column(s) and value(s) as PostgreSQL reported them
     * @param spec the spec, described
     * @param cause the database error
     */
    public NoPartitionException(String table, String keyValue, String spec, Throwable cause) {
        super("no partition of table " + table + " for " + keyValue + " (spec: " + spec + "); run PartitionManager.ensure"
                + " for the period, PartitionManager.ensureListValue for a new LIST value, or enable a DEFAULT partition", cause);
        this.table = table;
        this.keyValue = keyValue;
    }

    /** The parent table. */
    public String table() {
        return table;
    }

    /**
     * The key as PostgreSQL reported it, e.g. {@code created_at = 2030-01-01 00:00:00+00}, for messages: it
     * is PostgreSQL's text, which cuts values longer than 64 bytes short, so it must not be read back as a value.
     */
    public String keyValue() {
        return keyValue;
    }
}
