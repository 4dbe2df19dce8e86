package dev.quadrangle.spring.boot.autoconfigure.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The packages whose classes may be read back from Redis: nothing else is ever loaded from a class name
 * found there, so a value written by someone with access to Redis cannot instantiate arbitrary classes.
 * Immutable and thread-safe.
 */
public final class TrustedTypes {
    private static final List<String> ALWAYS = List.of("java.lang.", "java.util.", "java.time.", "java.math.");
    private final List<String> prefixes;

    /**
     * Trusted types.
     *
     * @param packages package names or prefixes (a trailing dot is added), besides java.lang, java.util,
     *     java.time and java.math
     */
    public TrustedTypes(Collection<String> packages) {
        List<String> all = new ArrayList<>(ALWAYS);
        for (String p : packages) {
            if (p != null && !p.isBlank()) {
                all.add(p.endsWith(".") ? p : p + ".");
            }
        }
        this.prefixes = List.copyOf(all);
    }

    /**
     * The prefixes, each ending in a dot.
     *
     * @return the prefixes
     */
    public List<String> prefixes() {
        return prefixes;
    }

    /**
     * Whether a class name is in a trusted package.
     *
     * @param className a binary class name
     * @return whether it may be loaded
     */
    public boolean isTrusted(String className) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
