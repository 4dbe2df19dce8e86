/**
 * The implementation of routing: not API, free to change between releases. Use
 * {@link dev.quadrangle.routing.RoutingDataSource#builder()} instead.
 */
package dev.quadrangle.routing.internal;
