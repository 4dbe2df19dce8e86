package dev.quadrangle.storage;

/**
 * Storage used by a document's history in {@link ContentVersions}, against keeping a full copy per version.
 *
 * @param versions the number of versions
 * @param storedBytes bytes actually stored (snapshots and patches)
 * @param fullCopyBytes bytes that a full copy of every version would take
 */
public record VersionUsage(int versions, long storedBytes, long fullCopyBytes) {

    /** Stored bytes as a fraction of full copies (0 when there are no versions). */
    public double ratio() {
        return fullCopyBytes == 0 ? 0 : (double) storedBytes / fullCopyBytes;
    }
}
