/**
 * The {@code --chaos} run: faults injected through the testkit at set times, and the audit that proves
 * no acknowledged answer was lost.
 */
package dev.quadrangle.samples.chaos;
