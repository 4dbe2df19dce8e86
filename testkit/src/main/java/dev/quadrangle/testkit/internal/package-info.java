/**
 * Implementations of the testkit's services (embedded, Testcontainers, external). Not API: free to
 * change between releases.
 */
package dev.quadrangle.testkit.internal;
