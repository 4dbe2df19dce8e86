package dev.quadrangle.core.jooq;

import java.time.Duration;

/**
 * A query that ran longer than the slow-query threshold.
 *
 * @param sql the SQL with bind values masked as {@code ?} and string literals masked as {@code '?'}
 * @param type the query type, as in {@link QueryTimingSink#record}
 * @param elapsed how long it ran
 */
public record SlowQuery(String sql, String type, Duration elapsed) {
}
