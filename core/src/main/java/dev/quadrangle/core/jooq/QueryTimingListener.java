package dev.quadrangle.core.jooq;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jOOQ {@link ExecuteListener} that times every query, hands the timing to a {@link QueryTimingSink}
 * (for metrics), and reports queries slower than a threshold with their SQL, bind values and string
 * literals masked so that no user data reaches the logs.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#query-timing -->
 * <pre>{@code
 * Configuration configuration = new DefaultConfiguration().set(dataSource).set(SQLDialect.POSTGRES)
 *         .set(QueryTimingListener.builder().slowQueryThreshold(Duration.ofMillis(200)).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; one instance serves every query of a configuration. By default slow
 * queries are logged at WARN through the SLF4J logger {@code dev.quadrangle.core.jooq.SlowQueries}.
 */
public final class QueryTimingListener implements ExecuteListener {
    private static final long serialVersionUID = 1L;
    /** Default slow-query threshold. */
    public static final Duration DEFAULT_SLOW_QUERY_THRESHOLD = Duration.ofMillis(200);
    private static final String START = QueryTimingListener.class.getName() + ".start";
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Logger LOG = LoggerFactory.getLogger("dev.quadrangle.core.jooq.SlowQueries");

    private final long thresholdNanos;
    private final transient QueryTimingSink sink;
    private final transient Consumer<SlowQuery> slowQueries;

    private QueryTimingListener(Builder b) {
        this.thresholdNanos = b.threshold.toNanos();
        this.sink = b.sink;
        this.slowQueries = b.slowQueries;
    }

    /**
     * Starts a listener.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Masks a SQL text: string literals become {@code '?'}; bind markers are already {@code ?}.
     *
     * @param sql the SQL as jOOQ rendered it
     * @return the masked SQL
     */
    public static String mask(String sql) {
        return sql == null ? "" : STRING_LITERAL.matcher(sql).replaceAll("'?'");
    }

    @Override
    public void start(ExecuteContext ctx) {
        ctx.data(START, System.nanoTime());
    }

    @Override
    public void end(ExecuteContext ctx) {
        Object start = ctx.data(START);
        if (!(start instanceof Long)) {
            return;
        }
        long nanos = System.nanoTime() - (Long) start;
        String type = ctx.type().name().toLowerCase(Locale.ROOT);
        sink.record(type, nanos, ctx.exception() != null || ctx.sqlException() != null);
        if (nanos >= thresholdNanos) {
            slowQueries.accept(new SlowQuery(mask(ctx.sql()), type, Duration.ofNanos(nanos)));
        }
    }

    /** Collects a listener's settings. Not thread-safe. */
    public static final class Builder {
        private Duration threshold = DEFAULT_SLOW_QUERY_THRESHOLD;
        private QueryTimingSink sink = QueryTimingSink.NONE;
        private Consumer<SlowQuery> slowQueries = q -> LOG.warn("slow {} query ({} ms): {}",
                q.type(), q.elapsed().toMillis(), q.sql());

        private Builder() {
        }

        /**
         * Sets the threshold above which a query is reported as slow.
         *
         * @param threshold 0 (report every query) to 1 hour
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder slowQueryThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative() || threshold.toHours() > 1) {
                throw new IllegalArgumentException("slowQueryThreshold must be between 0 and 1 hour, was " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets where timings go.
         *
         * @param sink the sink, e.g. a {@code QueryMetrics}
         * @return this builder
         */
        public Builder sink(QueryTimingSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Sets where slow queries go instead of the default WARNING log.
         *
         * @param consumer receives each slow query; must be fast and not throw
         * @return this builder
         */
        public Builder onSlowQuery(Consumer<SlowQuery> consumer) {
            this.slowQueries = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        /**
         * Builds the listener.
         *
         * @return the listener
         */
        public QueryTimingListener build() {
            return new QueryTimingListener(this);
        }
    }
}
