package dev.quadrangle.storage;

import java.time.Instant;

/**
 * One saved version of a document in {@link ContentVersions}.
 *
 * @param version the version number, from 1
 * @param snapshot whether the version is stored as a full snapshot (otherwise as a JSON Patch)
 * @param offloaded whether its stored body was offloaded to the content store
 * @param storedBytes the bytes stored for it (patch or snapshot; compressed when offloaded)
 * @param documentBytes the size of the full document at this version
 * @param createdAt when it was saved
 */
public record VersionInfo(int version, boolean snapshot, boolean offloaded, long storedBytes, long documentBytes,
        Instant createdAt) {
}
