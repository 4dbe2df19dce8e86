/**
 * The service-provider interfaces that connect Quadrangle's modules without making them depend on
 * each other: {@link dev.quadrangle.spi.ContentStore} (implemented by storage),
 * {@link dev.quadrangle.spi.ReadThroughCache} (implemented by cache),
 * {@link dev.quadrangle.spi.RoutedConnection} and {@link dev.quadrangle.spi.ConsistencyToken}
 * (honoured by routing), with {@link dev.quadrangle.spi.Arguments}, the one definition of a blank
 * name or tenant, and {@link dev.quadrangle.spi.ContentKeyRules}, the one definition of the keys
 * every content store accepts. They mention JDK types only.
 */
package dev.quadrangle.spi;
