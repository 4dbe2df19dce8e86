package dev.quadrangle.core.partition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How partitions are named; every name is derived from the parent's name and the bound, and the forms are
 * disjoint by construction, so no partition can ever be given the name of another:
 *
 * <ul>
 *   <li>time RANGE: {@code _p} and a fixed-width date ({@code _p202611}, {@code _p2026w47}, ...);</li>
 *   <li>term RANGE: {@code _t_} and the term name (term names that would read as a second-level name of
 *       another term are refused by {@link SpecValidator});</li>
 *   <li>LIST, value spelled out: {@code _l_} and the value, when it is 1 to {@value #MAX_LIST_SUFFIX_BYTES}
 *       lowercase letters and digits (no '_', so the name cannot be read as a longer name cut short, nor
 *       as the name PostgreSQL gives a partition's index) and not {@code default};</li>
 *   <li>LIST, any other value: {@code _lx_} and {@value #DIGEST_HEX_DIGITS} hex digits of its SHA-256 (the
 *       {@code x} after {@code _l} never follows {@code _l} in the spelled-out form);</li>
 *   <li>HASH: {@code _h} and the remainder; DEFAULT: {@code _default}.</li>
 * </ul>
 */
final class PartitionNames {
    /** The longest list-value part of a partition name. */
    static final int MAX_LIST_SUFFIX_BYTES = 20;
    static final String DEFAULT_SUFFIX = "_default";
    static final String LIST_INFIX = "_l_";
    static final String DIGEST_INFIX = "_lx_";
    /** Hex digits of the SHA-256 of a value in its partition's name: 64 bits. */
    static final int DIGEST_HEX_DIGITS = 16;

    private static final Pattern SPELLED_OUT = Pattern.compile("[a-z0-9]{1," + MAX_LIST_SUFFIX_BYTES + "}");
    private static final Pattern LIST_SUFFIX = Pattern.compile("_l_[a-z0-9]{1," + MAX_LIST_SUFFIX_BYTES + "}|_lx_[0-9a-f]{"
            + DIGEST_HEX_DIGITS + "}");
    private static final Pattern HASH_SUFFIX = Pattern.compile("_h[0-9]+");

    private PartitionNames() {
    }

    static String list(String parent, Object value) {
        String text = String.valueOf(value);
        boolean spelledOut = SPELLED_OUT.matcher(text).matches() && !text.equals("default");
        return spelledOut ? parent + LIST_INFIX + text : parent + DIGEST_INFIX + digest(text);
    }

    static String hash(String parent, int remainder) {
        return parent + "_h" + remainder;
    }

    /**
     * Whether a text appended to a partition's name could make the name of one of its second-level
     * partitions (LIST, HASH or DEFAULT) under the spec's second level.
     */
    static boolean isSecondLevelSuffix(String text, PartitionLevel second, boolean subpartitionDefault) {
        if (subpartitionDefault && text.equals(DEFAULT_SUFFIX)) {
            return true;
        }
        return second.strategy() == PartitionLevel.Strategy.LIST ? LIST_SUFFIX.matcher(text).matches()
                : HASH_SUFFIX.matcher(text).matches();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, DIGEST_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
