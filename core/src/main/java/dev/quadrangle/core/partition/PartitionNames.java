package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How partitions are named; every name is derived from the parent's name and the bound. */
final class PartitionNames {
    /** The longest list-value part of a partition name. */
    static final int MAX_LIST_SUFFIX_BYTES = 20;
    static final String DEFAULT_SUFFIX = "_default";

    private PartitionNames() {
    }

    static String list(String parent, Object value) {
        String text = String.valueOf(value);
        String part = Identifiers.isSafeSuffix(text, MAX_LIST_SUFFIX_BYTES) ? text : "x" + digest(text);
        return parent + "_l_" + part;
    }

    static String hash(String parent, int remainder) {
        return parent + "_h" + remainder;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
