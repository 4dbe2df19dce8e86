/**
 * The deterministic campus data generator, scaled by the number of schools, and its sinks: COPY into
 * PostgreSQL with a console progress bar, or a digest for tests.
 */
package dev.quadrangle.samples.data;
