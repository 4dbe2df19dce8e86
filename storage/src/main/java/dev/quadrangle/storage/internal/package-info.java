/**
 * Implementation of the storage module: not API, free to change between releases.
 */
package dev.quadrangle.storage.internal;
