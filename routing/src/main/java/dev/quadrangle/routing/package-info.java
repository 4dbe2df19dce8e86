/**
 * Read/write-splitting routing over a PostgreSQL primary and its streaming replicas:
 * {@link dev.quadrangle.routing.RoutingDataSource} (built with
 * {@link dev.quadrangle.routing.RoutingDataSource#builder()}), over a fixed primary and replicas or over
 * nodes whose roles are discovered and followed through a failover
 * ({@link dev.quadrangle.routing.NodeStatus}, {@link dev.quadrangle.routing.SplitBrainPolicy},
 * {@link dev.quadrangle.routing.WriterChange}), with replica health probing, lag-aware
 * ejection, read-your-writes through {@link dev.quadrangle.spi.ConsistencyToken}, pluggable
 * {@link dev.quadrangle.routing.LoadBalancer}s, a {@link dev.quadrangle.routing.RoutingListener} SPI with
 * its Micrometer binding {@link dev.quadrangle.routing.RoutingMetrics}, and jOOQ contexts for reads and
 * writes ({@link dev.quadrangle.routing.RoutedDsl}).
 */
package dev.quadrangle.routing;
