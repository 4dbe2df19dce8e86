/**
 * The service-provider interfaces that connect Quadrangle's modules without making them depend on
 * each other: {@link dev.quadrangle.core.spi.ContentStore} (implemented by storage),
 * {@link dev.quadrangle.core.spi.ReadThroughCache} (implemented by cache),
 * {@link dev.quadrangle.core.spi.RoutedConnection} and {@link dev.quadrangle.core.spi.ConsistencyToken}
 * (honoured by routing), with {@link dev.quadrangle.core.spi.Arguments}, the one definition of a blank
 * name or tenant, and {@link dev.quadrangle.core.spi.ContentKeyRules}, the one definition of the keys
 * every content store accepts. They mention JDK types only.
 */
package dev.quadrangle.core.spi;
