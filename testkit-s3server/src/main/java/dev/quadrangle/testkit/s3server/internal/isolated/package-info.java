/**
 * Code that runs inside the isolated class loader, next to s3proxy, Jetty 11 and jclouds. The host's
 * class loader never links these classes. Not API.
 */
package dev.quadrangle.testkit.s3server.internal.isolated;
