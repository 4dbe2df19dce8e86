/**
 * The plain-JDBC implementation of the campus operations: HikariCP pools for the primary and the
 * standby, no cache, no content offload. It is the baseline and the stand-in until the module-backed
 * backend plugs in through {@link dev.quadrangle.samples.ops.CampusBackend}.
 */
package dev.quadrangle.samples.jdbc;
