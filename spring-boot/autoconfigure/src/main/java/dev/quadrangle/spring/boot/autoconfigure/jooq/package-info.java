/**
 * Query timing of jOOQ: a {@code QueryTimingListener} on Spring Boot's jOOQ {@code DSLContext}, feeding the
 * {@code quadrangle.query} timer and the slow-query log.
 */
package dev.quadrangle.spring.boot.autoconfigure.jooq;
