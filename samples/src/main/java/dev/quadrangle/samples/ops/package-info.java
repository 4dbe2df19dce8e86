/**
 * The campus workload's operations ({@link dev.quadrangle.samples.ops.CampusOperations}) and their
 * values, independent of how they are implemented; and the seam through which an implementation is
 * plugged into the demo ({@link dev.quadrangle.samples.ops.CampusBackend}).
 */
package dev.quadrangle.samples.ops;
