package dev.quadrangle.core.internal;

import dev.quadrangle.core.partition.PartitionSpec;
import dev.quadrangle.spi.ContentKeyRules;

/**
 * The object keys of exported partitions: {@code prefix/schema/table/partition.copy.gz} for the first
 * generation, then {@code partition.2.copy.gz}, {@code partition.3.copy.gz}, ... for merged ones. Stateless.
 */
public final class ArchiveKeys {
    /** The file name suffix of every archive object. */
    static final String SUFFIX = ".copy.gz";
    /** {@code SUFFIX.length()}, as a constant. */
    private static final int SUFFIX_LENGTH = 8;
    /** Digits of the largest generation number {@link #nextKey} writes. */
    private static final int MAX_GENERATION_DIGITS = 10;
    /**
     * The longest part of a key after the prefix: {@code /schema/table/partition.N.copy.gz} with names of
     * {@value Identifiers#MAX_BYTES} characters and a ten-digit generation.
     */
    public static final int MAX_SUFFIX_LENGTH = 3 * (1 + Identifiers.MAX_BYTES) + 1 + MAX_GENERATION_DIGITS + SUFFIX_LENGTH;
    /** The longest key prefix whose every archive key stays within {@link ContentKeyRules#MAX_KEY_LENGTH}. */
    public static final int MAX_PREFIX_LENGTH = ContentKeyRules.MAX_KEY_LENGTH - MAX_SUFFIX_LENGTH;

    private ArchiveKeys() {
    }

    /** The first-generation key of a partition's archive. */
    static String key(PartitionSpec spec, String prefix, String partition) {
        return prefix + "/" + spec.schema() + "/" + spec.table() + "/" + partition + SUFFIX;
    }

    /**
     * The key of the next generation of an archive: {@code name.copy.gz} is generation 1, then
     * {@code name.2.copy.gz}, {@code name.3.copy.gz}, ...; a previous object under another key leaves the
     * base key free. The result never equals {@code previous}.
     */
    static String nextKey(String base, String previous) {
        String stem = base.substring(0, base.length() - SUFFIX.length());
        int generation;
        if (previous.equals(base)) {
            generation = 1;
        } else if (previous.startsWith(stem + ".") && previous.endsWith(SUFFIX)
                && previous.substring(stem.length() + 1, previous.length() - SUFFIX.length()).matches("[0-9]{1,9}")) {
            generation = Integer.parseInt(previous.substring(stem.length() + 1, previous.length() - SUFFIX.length()));
        } else {
            return base;
        }
        return stem + "." + (generation + 1) + SUFFIX;
    }
}
