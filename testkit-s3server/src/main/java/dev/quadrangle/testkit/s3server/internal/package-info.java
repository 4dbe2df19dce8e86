/**
 * The isolated class loader behind {@link dev.quadrangle.testkit.s3server.S3ProxyServer}: unpacking the
 * bundled jars, deciding which classes are shared with the host, and the interface both sides see.
 * Not API: free to change between releases.
 */
package dev.quadrangle.testkit.s3server.internal;
