/**
 * The campus sample: Quadrangle on the seeds' workload, on embedded services or real endpoints.
 */
package dev.quadrangle.samples;
