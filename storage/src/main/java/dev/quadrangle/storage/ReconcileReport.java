package dev.quadrangle.storage;

import java.util.List;

/**
 * What one {@link ContentReconciler#run()} found and repaired.
 *
 * @param objectsScanned objects listed under the key prefix
 * @param referencesScanned references read from the rows
 * @param orphansFound unreferenced objects older than the grace period
 * @param orphansDeleted of those, the ones deleted (0 when repair is off)
 * @param unreferencedWithinGrace unreferenced objects younger than the grace period (left alone: their
 *        row may not be committed yet)
 * @param danglingReferences rows whose reference points at no object (reported, never changed)
 */
public record ReconcileReport(long objectsScanned, long referencesScanned, long orphansFound, long orphansDeleted,
        long unreferencedWithinGrace, List<ReferenceSource.RowReference> danglingReferences) {

    /** Copies the list. */
    public ReconcileReport {
        danglingReferences = List.copyOf(danglingReferences);
    }

    /** The number of dangling references. */
    public long danglingCount() {
        return danglingReferences.size();
    }
}
