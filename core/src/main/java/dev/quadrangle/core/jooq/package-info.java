/**
 * jOOQ integration: {@link dev.quadrangle.core.jooq.QueryTimingListener} times every query and reports
 * slow ones with their values masked.
 */
package dev.quadrangle.core.jooq;
