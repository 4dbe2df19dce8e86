/**
 * The campus backend composed from the Quadrangle modules through their builders: read/write routing
 * with read-your-writes ({@code quadrangle-routing}), two-level caching on Redis
 * ({@code quadrangle-cache}) and activity content offloaded to S3 ({@code quadrangle-storage}).
 */
package dev.quadrangle.samples.modules;
