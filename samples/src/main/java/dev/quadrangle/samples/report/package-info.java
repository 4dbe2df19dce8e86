/**
 * The demo's report: a data model ({@link dev.quadrangle.samples.report.CampusReport}) written as JSON,
 * as a self-contained HTML page with inline SVG charts, and as a console summary.
 */
package dev.quadrangle.samples.report;
