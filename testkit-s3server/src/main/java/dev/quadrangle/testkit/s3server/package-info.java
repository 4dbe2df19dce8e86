/**
 * The testkit's embedded S3-compatible server, {@link dev.quadrangle.testkit.s3server.S3ProxyServer}:
 * s3proxy with its own Jetty 11 and jclouds, bundled inside this artifact and run in a class loader of
 * its own, so the host's dependency management cannot change or clash with them. Tests use it through
 * {@code dev.quadrangle.testkit.QuadrangleServices.s3()}.
 */
package dev.quadrangle.testkit.s3server;
