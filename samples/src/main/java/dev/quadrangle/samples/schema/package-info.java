/**
 * The campus schema from the seeds, in plain PostgreSQL DDL: tables, the partitions the seeds ask for
 * (grades by term then class, answers and interactions by month, audit logs by year), and the calendar
 * they are derived from.
 */
package dev.quadrangle.samples.schema;
