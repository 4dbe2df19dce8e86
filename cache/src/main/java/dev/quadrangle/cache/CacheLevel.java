package dev.quadrangle.cache;

/** The level of a multi-level cache that answered (or missed) a read. */
public enum CacheLevel {
    /** The in-process Caffeine level of this node. */
    L1,
    /** The shared Redis level. */
    L2
}
