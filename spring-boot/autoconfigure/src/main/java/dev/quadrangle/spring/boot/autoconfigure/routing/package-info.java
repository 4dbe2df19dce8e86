/**
 * The application's {@code DataSource} as a Quadrangle routing data source, from
 * {@code quadrangle.routing.*}, and its health contributor.
 */
package dev.quadrangle.spring.boot.autoconfigure.routing;
