/**
 * Implementation of the cache module: not API, free to change between versions.
 */
package dev.quadrangle.cache.internal;
