/**
 * Implementation of core; not API, free to change between releases.
 */
package dev.quadrangle.core.internal;
