package dev.quadrangle.core.partition;

import dev.quadrangle.core.internal.ArchiveKeys;
import dev.quadrangle.core.internal.Identifiers;
import dev.quadrangle.spi.ContentKeyRules;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How long a spec keeps its RANGE partitions and what happens to a partition once all of it is older
 * than that: it is detached, then dropped, kept in an archive schema, or exported through the
 * {@link dev.quadrangle.spi.ContentStore} (compressed, verified by reading back) and only then
 * dropped.
 *
 * <!-- snippet: consumers/plain/src/test/java/dev/quadrangle/examples/JavadocExamples.java#retention -->
 * <pre>{@code
 * Retention learning = Retention.drop(Period.ofYears(2));
 * Retention assessment = Retention.archiveToSchema(Period.ofYears(7), "archive");
 * Retention answers = Retention.export(Period.ofMonths(3), "archive/answers");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Retention {

    /** What happens to an expired partition after it is detached. */
    public enum Action {
        /** Dropped; its rows are gone. */
        DROP,
        /** Moved to an archive schema, where it stays queryable by its own name. */
        ARCHIVE_SCHEMA,
        /** Exported as gzip-compressed COPY text through the ContentStore, verified, then dropped. */
        EXPORT
    }

    /**
     * The longest {@link #export} key prefix: {@link ContentKeyRules#MAX_KEY_LENGTH} less the longest
     * {@code /schema/table/partition.N.copy.gz} that follows it.
     */
    public static final int MAX_EXPORT_PREFIX_LENGTH = ArchiveKeys.MAX_PREFIX_LENGTH;

    private static final Pattern PREFIX_CHARACTERS = Pattern.compile("[A-Za-z0-9_./-]+");

    private final Period keep;
    private final Action action;
    private final String target;

    private Retention(Period keep, Action action, String target) {
        Objects.requireNonNull(keep, "keep");
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention period must be positive, was " + keep);
        }
        this.keep = keep;
        this.action = action;
        this.target = target;
    }

    /**
     * Drops partitions older than {@code keep}.
     *
     * @param keep how long rows are kept, positive
     * @return the retention
     * @throws IllegalArgumentException when {@code keep} is not positive
     */
    public static Retention drop(Period keep) {
        return new Retention(keep, Action.DROP, null);
    }

    /**
     * Moves partitions older than {@code keep} into an archive schema.
     *
     * @param keep how long rows stay attached, positive
     * @param schema the archive schema (created when missing)
     * @return the retention
     * @throws IllegalArgumentException when {@code keep} is not positive or the schema name is invalid
     */
    public static Retention archiveToSchema(Period keep, String schema) {
        return new Retention(keep, Action.ARCHIVE_SCHEMA, Identifiers.check("archive schema", schema));
    }

    /**
     * Exports partitions older than {@code keep} through the manager's
     * {@link dev.quadrangle.spi.ContentStore}, then drops them. Each archive's key is
     * {@code keyPrefix/schema/table/partition.copy.gz} (later generations {@code partition.N.copy.gz}), so the
     * prefix is checked here against the {@link ContentKeyRules} every store applies: a prefix a store would
     * refuse is refused now rather than when a partition is exported.
     *
     * @param keep how long rows stay attached, positive
     * @param keyPrefix the object key prefix, e.g. {@code archive/answers}: segments of {@code [A-Za-z0-9_.-]}
     *     separated by single '/', no leading or trailing '/', no {@code .} or {@code ..} segment, at most
     *     {@value #MAX_EXPORT_PREFIX_LENGTH} characters
     * @return the retention
     * @throws IllegalArgumentException when {@code keep} is not positive or a content store would refuse the
     *     prefix or a key made from it
     */
    public static Retention export(Period keep, String keyPrefix) {
        return new Retention(keep, Action.EXPORT, checkPrefix(keyPrefix));
    }

    private static String checkPrefix(String prefix) {
        String property = "archive key prefix";
        if (prefix != null && prefix.length() > MAX_EXPORT_PREFIX_LENGTH) {
            throw new IllegalArgumentException(property + " must be at most " + MAX_EXPORT_PREFIX_LENGTH + " characters, was "
                    + prefix.length() + ", so that keys prefix/schema/table/partition.N.copy.gz stay within "
                    + ContentKeyRules.MAX_KEY_LENGTH + " characters");
        }
        ContentKeyRules.check(property, prefix, MAX_EXPORT_PREFIX_LENGTH);
        if (!PREFIX_CHARACTERS.matcher(prefix).matches()) {
            throw new IllegalArgumentException(property + " must be segments of [A-Za-z0-9_.-] separated by '/', was '"
                    + ContentKeyRules.printable(prefix) + "'");
        }
        return prefix;
    }

    /** How long rows are kept attached. */
    public Period keep() {
        return keep;
    }

    /** What happens to expired partitions. */
    public Action action() {
        return action;
    }

    /** The archive schema ({@link Action#ARCHIVE_SCHEMA}) or key prefix ({@link Action#EXPORT}). */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /**
     * The first day that is still kept: a partition whose range ends on or before it has expired.
     *
     * @param today the current date in the spec's zone
     * @return {@code today - keep}
     */
    public LocalDate cutoff(LocalDate today) {
        return today.minus(keep);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Retention)) {
            return false;
        }
        Retention other = (Retention) o;
        return keep.equals(other.keep) && action == other.action && Objects.equals(target, other.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keep, action, target);
    }

    @Override
    public String toString() {
        return "keep " + keep + " then " + action + (target != null ? " to " + target : "");
    }
}
